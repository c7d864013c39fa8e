/**
 * File actions and file transfer of the sandbox agent, wire-compatible with the OpenHands action
 * execution server: the {@code read}, {@code write} and {@code edit} executors, the editor they
 * share ({@link dev.sandpod.agent.files.FileEditor}, openhands-aci's {@code OHEditor}), and the
 * {@code /upload_file}, {@code /download_files} and {@code /list_files} endpoints
 * ({@link dev.sandpod.agent.files.FileTransferService}).
 *
 * <p>Texts, line numbering and line-range rules follow OpenHands so that agents tuned to it read
 * the same answers. Where OpenHands loses data or answers 500, Sandpod deliberately differs:
 * <ul>
 *   <li>the editor's {@code insert} after an unterminated last line starts a new line instead of
 *       gluing the text onto it, and edits write in place, so files keep their mode and owner;</li>
 *   <li>everything runs with the sandbox user's rights, also when the agent is root
 *       ({@link dev.sandpod.agent.files.UserFileAccess}): links, hard links and directories the
 *       user planted reach nothing the user could not, and what is created belongs to the user;
 *       editor {@code create} makes missing parent directories;</li>
 *   <li>an upload lands under its name only once complete; a rewrite that fails (a full disk)
 *       puts the previous bytes back;</li>
 *   <li>a zip entry that is absolute, climbs out with {@code ..}, or passes through an existing
 *       symbolic link refuses the whole upload (400) before anything is written, where Python's
 *       {@code zipfile} would silently rewrite the name;</li>
 *   <li>only {@code recursive=true} extracts an upload (OpenHands also extracts any {@code *.zip});
 *       an upload's file name must be a plain name;</li>
 *   <li>{@code /download_files} of a single file returns a zip holding that file (OpenHands
 *       returns an empty zip) and keeps empty directories; the zip is streamed;</li>
 *   <li>{@code read} streams line ranges and refuses more than {@code FileLimits}
 *       allows in memory at once, and does not apply OpenHands' newer
 *       {@code ERROR_BINARY_FILE} check, so images and PDFs still come back as data URLs;</li>
 *   <li>the editor's {@code view} of Office, PDF and audio files (Markdown conversion in
 *       openhands-aci) answers an error that suggests reading them with Python;</li>
 *   <li>malformed arguments or bodies get an error that names the field, never a 500.</li>
 * </ul>
 */
package dev.sandpod.agent.files;
