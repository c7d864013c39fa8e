__sandpod_prompt() {
  local ec=$?
  set +e
  # what rarely changes is escaped once, when it changes: this runs after every command
  if [[ "${PATH:-}" != "${__sandpod_path-}" ]]; then
    __sandpod_path=${PATH:-}
    __sandpod_py=$(type -P python3 2>/dev/null || type -P python 2>/dev/null || true)
    __sandpod_py=${__sandpod_py//\\/\\\\}; __sandpod_py=${__sandpod_py//\"/\\\"}
  fi
  if [[ "${HOME:-}/${HOSTNAME:-}" != "${__sandpod_seen-}" ]]; then
    __sandpod_seen=${HOME:-}/${HOSTNAME:-}
    __sandpod_host=${HOSTNAME:-}; __sandpod_host=${__sandpod_host//\\/\\\\}; __sandpod_host=${__sandpod_host//\"/\\\"}
    __sandpod_home=${HOME:-}; __sandpod_home=${__sandpod_home//\\/\\\\}; __sandpod_home=${__sandpod_home//\"/\\\"}
  fi
  local d=${PWD:-} i=${__sandpod_id-}
  __sandpod_id=
  if [[ $d == *[\\\"]* ]]; then
    d=${d//\\/\\\\}; d=${d//\"/\\\"}
  fi
  printf '\n%s%s{"exit_code":%s,"pid":%s,"username":"%s","hostname":"%s","working_dir":"%s","py_interpreter_path":"%s","home":"%s","id":"%s"}%s%s\n' \
    '###SANDPOD-@NONCE@' '-BEGIN###' "$ec" "${!:--1}" "${__sandpod_user-}" "${__sandpod_host-}" "$d" "${__sandpod_py-}" "${__sandpod_home-}" "$i" '###SANDPOD-@NONCE@' '-END###'
  PS1=''
  PS2=''
  return 0
}
__sandpod_return() { return "${1:-0}"; }
__sandpod_user=$(id -un 2>/dev/null || echo "${USER:-}")
__sandpod_user=${__sandpod_user//\\/\\\\}; __sandpod_user=${__sandpod_user//\"/\\\"}
# Last, on one line: every line read after PROMPT_COMMAND is set prints a sentinel, and exactly one
# must answer the start-up. Read-only, since replacing it would leave the agent blind to completions.
PROMPT_COMMAND=__sandpod_prompt; readonly PROMPT_COMMAND
