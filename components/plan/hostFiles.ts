/**
 * One builder per consumer of what the aws hosts are given: a docker env file, an argv file (one
 * argument per line, read by a fixed launcher, never by a shell), POSIX shell words, systemd unit
 * lines. Each refuses what its consumer could misread; the config grammar already keeps such values
 * out, so a refusal here is a bug caught before it reaches a root shell.
 */

/** Thrown when a value would change meaning in the file it is written to. */
export class UnsafeHostValueError extends Error {
  constructor(consumer: string, what: string, value: string) {
    super(`refusing to write ${what} into ${consumer}: ${JSON.stringify(value)} holds a character that file cannot carry`);
    this.name = "UnsafeHostValueError";
  }
}

const CONTROL = /[\u0000-\u001f\u007f]/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * A docker `--env-file` line. Docker takes everything after the first `=` literally up to the end of
 * the line (no quotes, no expansion), so a value only has to be one line.
 */
export function envFileLine(key: string, value: string): string {
  const name = envName(key);
  if (CONTROL.test(value)) throw new UnsafeHostValueError("an env file", `the value of ${name}`, value);
  return `${name}=${value}`;
}

/** An env variable name, checked: it may stand bare in an env file and in a shell command line. */
export function envName(key: string): string {
  if (!ENV_NAME.test(key)) throw new UnsafeHostValueError("an env file", "an env name", key);
  return key;
}

/** An argv file for the launcher: one argument per line, taken verbatim (spaces, quotes and `$` included). */
export function argvFile(args: string[]): string {
  for (const a of args) if (/[\n\r\u0000]/.test(a)) throw new UnsafeHostValueError("an argv file", "an argument", a);
  return args.join("\n") + "\n";
}

/** One POSIX shell word: single-quoted, `'` written as `'\''`. */
export function shellWord(value: string): string {
  if (value.includes("\u0000")) throw new UnsafeHostValueError("a shell script", "a word", value);
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** A token that may stand bare in a systemd unit line (unit names, paths made of validated names). */
export function systemdToken(value: string): string {
  if (!/^[A-Za-z0-9@._:/-]+$/.test(value)) throw new UnsafeHostValueError("a systemd unit", "a token", value);
  return value;
}

/**
 * The launcher every unit runs: `openwhisk-container NAME pull|run`. `pull` fetches the image only when
 * the host does not have it, so restarting a unit never re-pulls a mutable tag. It reads the image and the
 * docker run arguments from files cloud-init wrote, so no value is ever parsed by a shell or systemd.
 */
export const LAUNCHER_PATH = "/usr/local/bin/openwhisk-container";
export const LAUNCHER = `#!/bin/sh
# openwhisk-container NAME pull|run (written by openwhisk-static-cluster): pulls the image of container
# NAME, or runs it with the arguments in /etc/openwhisk/NAME.args, one argument per line, verbatim.
set -eu
name=\${1:-}
action=\${2:-run}
case "$name" in
  ''|*[!a-z0-9-]*) echo "openwhisk-container: invalid container name '$name'" >&2; exit 2 ;;
esac
dir=/etc/openwhisk
case "$action" in
  pull)
    # Only an image the host does not have: a restart never re-pulls a mutable tag (a digest is pinned anyway).
    image=$(cat "$dir/$name.image")
    if /usr/bin/docker image inspect "$image" >/dev/null 2>&1; then exit 0; fi
    exec /usr/bin/docker pull "$image"
    ;;
  run)
    set --
    while IFS= read -r arg || [ -n "$arg" ]; do
      set -- "$@" "$arg"
    done < "$dir/$name.args"
    exec /usr/bin/docker run "$@"
    ;;
  *)
    echo "usage: openwhisk-container NAME pull|run" >&2
    exit 2
    ;;
esac
`;
