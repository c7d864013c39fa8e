__sandpod_prompt() {
  local ec=$?
  set +e
  if [[ "${PATH:-}" != "${__sandpod_path-}" ]]; then
    __sandpod_path=${PATH:-}
    __sandpod_py=$(type -P python3 2>/dev/null || type -P python 2>/dev/null || true)
  fi
  local u=${__sandpod_user-} h=${HOSTNAME:-} d=${PWD:-} p=${__sandpod_py-} m=${HOME:-} i=${__sandpod_id-}
  __sandpod_id=
  u=${u//\\/\\\\}; u=${u//\"/\\\"}
  h=${h//\\/\\\\}; h=${h//\"/\\\"}
  d=${d//\\/\\\\}; d=${d//\"/\\\"}
  p=${p//\\/\\\\}; p=${p//\"/\\\"}
  m=${m//\\/\\\\}; m=${m//\"/\\\"}
  printf '\n%s%s{"exit_code":%s,"pid":%s,"username":"%s","hostname":"%s","working_dir":"%s","py_interpreter_path":"%s","home":"%s","id":"%s"}%s%s\n' \
    '###SANDPOD-@NONCE@' '-BEGIN###' "$ec" "${!:--1}" "$u" "$h" "$d" "$p" "$m" "$i" '###SANDPOD-@NONCE@' '-END###'
  PS1=''
  PS2=''
  return 0
}
__sandpod_return() { return "${1:-0}"; }
__sandpod_user=$(id -un 2>/dev/null || echo "${USER:-}")
# Last, on one line: every line read after PROMPT_COMMAND is set prints a sentinel, and exactly one
# must answer the start-up. Read-only, since replacing it would leave the agent blind to completions.
PROMPT_COMMAND=__sandpod_prompt; readonly PROMPT_COMMAND
