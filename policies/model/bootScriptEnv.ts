/**
 * What a host's boot script writes into files, read from the script itself: which `KEY=value` lines end
 * up in which file, however the script writes them (`echo`, `printf` with any format, `cat <<EOF`,
 * `tee`, `envsubst < template`, `sed -i` filling in or appending a line). A value the script computes
 * on the host (`$(aws ssm get-parameter ...)`, `$HOSTNAME`) is known to be there, not what it is: its key
 * is a runtime key. The script is tokenized by components/plan/shellWords.ts (POSIX rules).
 */
import { shellCommands, ShellSyntaxError, type ShellCommand, type ShellWord } from "../../components/plan/shellWords";
import { propertyToConfigKey } from "../../components/plan/envTransform";
import { textCache } from "../../components/plan/textCache";

/** Stands for text only the host knows (an expansion's result). */
const UNKNOWN = "\u0000";
const EXPANSION = /\$\([\s\S]*\)|\$\{[^}]*\}|\$[A-Za-z_][A-Za-z0-9_]*|\$[0-9@*#?$!-]|`[^`]*`/g;

export interface WrittenEnv {
  /** Keys whose value the script writes as it is (no expansion in it). */
  values: Map<string, string>;
  /** Keys the script writes with a value computed on the host. */
  runtimeKeys: Set<string>;
  /** Every file's text after the scripts ran (the files given, and what the scripts wrote); HOST_TEXT marks text only the host knows. */
  files: Map<string, string>;
}

/** In `WrittenEnv.files`, stands for text only the host knows (what an expansion gives). */
export const HOST_TEXT = UNKNOWN;

function textOf(word: ShellWord): string {
  return word.expands ? word.text.replace(EXPANSION, UNKNOWN) : word.text;
}

/**
 * A word as the shell hands it to the command it runs: each expansion is text only the host knows
 * (HOST_TEXT), except `$(cat FILE)`, `$(< FILE)` and `` `cat FILE` `` of a file whose text is known
 * (written by cloud-config or the script), which give that text less its trailing newlines, and
 * `$NAME` / `${NAME}` of a variable the script set to known text before (`vars`).
 */
export function expandedText(word: ShellWord, files?: Map<string, string>, vars?: ReadonlyMap<string, string>): string {
  if (!word.expands) return word.text;
  return word.text.replace(EXPANSION, (m) => {
    const variable = /^\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))$/.exec(m);
    const known = variable ? vars?.get(variable[1] ?? variable[2]) : undefined;
    if (known !== undefined) return known;
    const cat = /^(?:\$\(\s*(?:cat\s+|<\s*)([^\s()<>|;&]+)\s*\)|`\s*cat\s+([^\s`<>|;&]+)\s*`)$/.exec(m);
    const text = cat ? files?.get(cat[1] ?? cat[2]) : undefined;
    return text !== undefined && !text.includes(UNKNOWN) ? text.replace(/\n+$/, "") : UNKNOWN;
  });
}

/** `printf`'s and `echo -e`'s backslash escapes. */
function unescape(s: string): string {
  return s.replace(/\\(0[0-7]{0,3}|[\\abfnrtv"'])/g, (_, c: string) => ({ "\\": "\\", a: "\x07", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t", v: "\v", '"': '"', "'": "'" } as Record<string, string>)[c] ?? String.fromCharCode(parseInt(c, 8)));
}

/** What `printf FORMAT ARGS...` prints (POSIX printf: the format is reused while arguments remain). */
export function printfOutput(format: string, args: string[]): string {
  let out = "";
  let next = 0;
  do {
    const before = next;
    out += format.replace(/\\(?:0[0-7]{0,3}|[\\abfnrtv"'])|%([-+ #0]*\d*(?:\.\d*)?)([sbdiouxXc%])/g, (m, _flags: string, conv: string) => {
      if (m.startsWith("\\")) return unescape(m);
      if (conv === "%") return "%";
      const arg = args[next++] ?? "";
      if (conv === "b") return unescape(arg);
      if (conv === "c") return arg.slice(0, 1);
      return arg;
    });
    if (next === before) break;
  } while (next < args.length);
  return out;
}

/** What `echo` prints (`-n`, `-e`, `-E` read as most shells' echo does). */
function echoOutput(args: string[]): string {
  let escapes = false;
  let newline = true;
  while (args.length && /^-[neE]+$/.test(args[0])) {
    const flags = args.shift()!;
    if (flags.includes("n")) newline = false;
    if (flags.includes("e")) escapes = true;
  }
  const text = args.join(" ");
  return (escapes ? unescape(text) : text) + (newline ? "\n" : "");
}

/** `envsubst`: every `$VAR` / `${VAR}` of the input is replaced by the host's value. */
function envsubst(text: string): string {
  return text.replace(/\$\{[A-Za-z_][A-Za-z0-9_]*\}|\$[A-Za-z_][A-Za-z0-9_]*/g, UNKNOWN);
}

/** The lines a `sed` script writes into its file: a substitution whose pattern or replacement starts with `KEY=`, one filling a placeholder on a `KEY=@X@` line, `a KEY=v`, `/^KEY=/c KEY=v`. */
function sedWrites(script: string, file: string | undefined): string[] {
  const lines: string[] = [];
  for (const part of script.split("\n")) {
    const cmd = part.trim().replace(/^(\$|\d+|\/(?:[^/\\]|\\.)*\/)\s*/, "");
    const s = /^s(.)((?:(?!\1)[^\\]|\\.)*)\1((?:(?!\1)[^\\]|\\.)*)\1/.exec(cmd);
    if (s) {
      const [, , pattern, replacement] = s;
      const key = /^\^?([A-Za-z_][A-Za-z0-9_]*)=/.exec(pattern)?.[1];
      if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(replacement)) lines.push(replacement.replace(/\\(.)/g, "$1").replace(/&|\\\d/g, UNKNOWN));
      else if (key) lines.push(`${key}=${UNKNOWN}`);
      else if (file !== undefined) lines.push(`${UNKNOWN}@${pattern}`); // fills a placeholder of a template line: resolved below
      continue;
    }
    const aic = /^([aic])\\?\s*\n?\s*(.*)$/s.exec(cmd);
    if (aic) lines.push(aic[2]);
  }
  return lines;
}

interface FileWrite {
  path: string;
  content: string;
  append: boolean;
}

const parsedScripts = textCache<ShellCommand[]>(4096);

/** sudo(8) options that take an argument (`-u user`, `-g group`, ...). */
const SUDO_OPTION_WITH_ARGUMENT = /^-[ugCDhprtTU]$/;

/**
 * The words of the command a wrapper runs: `sudo [options] cmd`, `env [-i] [-u NAME] [K=v ...] cmd`,
 * `exec`, `nohup`, `command`, `time` run the rest of their words as the command (sudo(8), env(1), and
 * the shell's `exec`/`command` special built-ins, XCU 2.14); a command's own leading assignments
 * (`K=v cmd`) are its environment, not its name.
 */
function unwrapped(words: ShellWord[]): ShellWord[] {
  let i = 0;
  for (;;) {
    const w = words[i]?.text;
    if (w === undefined) break;
    if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(w) && i + 1 < words.length) i++;
    else if (w === "sudo") {
      for (i++; words[i]?.text.startsWith("-"); i++) if (SUDO_OPTION_WITH_ARGUMENT.test(words[i].text)) i++;
    } else if (w === "env") {
      for (i++; words[i] && (words[i].text.startsWith("-") || /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[i].text)); i++) if (words[i].text === "-u") i++;
    } else if (w === "exec" || w === "nohup" || w === "command" || w === "time") i++;
    else break;
  }
  return i === 0 ? words : words.slice(i);
}

/** A shell run on a script given as a word (`sh -c '...'`, `bash -ec "..."`): that script. */
function inlineScript(words: ShellWord[]): string | undefined {
  if (!/(^|\/)(ba|da|z|k)?sh$/.test(words[0]?.text ?? "")) return undefined;
  const flag = words.findIndex((w, i) => i > 0 && /^-[a-z]*c[a-z]*$/.test(w.text));
  return flag > 0 ? words[flag + 1]?.text : undefined;
}

/** The commands a parsed command runs: the unwrapped command itself, or the commands of its inline script. */
function commandsRun(c: ShellCommand, depth: number): ShellCommand[] {
  const words = unwrapped(c.words);
  const script = depth < 4 ? inlineScript(words) : undefined;
  if (script !== undefined) {
    try {
      return shellCommands(script).flatMap((inner) => commandsRun(inner, depth + 1));
    } catch (e) {
      if (!(e instanceof ShellSyntaxError)) throw e;
      return [];
    }
  }
  return [words === c.words ? c : { ...c, words }];
}

/**
 * The commands of a script, wrappers (`sudo`, `env K=v`, `exec`) taken off and inline scripts
 * (`sh -c '...'`) read as their own commands; a syntax error leaves nothing to read. Kept per text (never changed once
 * read): the same boot scripts run on many hosts of a stack, and each is read for its docker runs and
 * for its writes.
 */
export function commandsOf(script: string): ShellCommand[] {
  return parsedScripts.get(script, readCommands);
}

function readCommands(script: string): ShellCommand[] {
  try {
    return shellCommands(script).flatMap((c) => commandsRun(c, 0));
  } catch (e) {
    if (!(e instanceof ShellSyntaxError)) throw e;
    return [];
  }
}

/** What one command prints, given what is piped into it and the files known so far. */
function outputOf(c: ShellCommand, input: string | undefined, files: Map<string, string>): string | undefined {
  const words = c.words.map(textOf);
  const heredoc = c.redirects.find((r) => r.body);
  const from = c.redirects.find((r) => r.op === "<");
  const stdin = heredoc?.body ? textOf(heredoc.body) : from ? files.get(from.target.text) ?? UNKNOWN : input;
  switch (words[0]) {
    case "echo":
      return echoOutput(words.slice(1));
    case "printf":
      return words.length > 1 ? printfOutput(words[1], words.slice(2)) : undefined;
    case "cat":
      return words.length > 1 ? words.slice(1).filter((w) => !w.startsWith("-")).map((f) => files.get(f) ?? "").join("") : stdin;
    case "envsubst":
      return stdin !== undefined ? envsubst(stdin) : undefined;
    case "tee":
      return stdin;
    default:
      return undefined;
  }
}

/** Every write of a script into a file: redirections of echo/printf/cat/envsubst, tee, sed -i. */
function scriptWrites(script: string, files: Map<string, string>): FileWrite[] {
  const writes: FileWrite[] = [];
  let piped: string | undefined;
  for (const c of commandsOf(script)) {
    const words = c.words.map(textOf);
    const output = outputOf(c, piped, files);
    const record = (path: string, content: string, append: boolean) => {
      writes.push({ path, content, append });
      files.set(path, append ? (files.get(path) ?? "") + content : content);
    };
    if (words[0] === "tee" && output !== undefined) {
      const append = words.includes("-a") || words.includes("--append");
      for (const f of words.slice(1).filter((w) => !w.startsWith("-"))) record(f, output, append);
    }
    if (words[0] === "sed" && words.some((w) => w === "-i" || w.startsWith("-i") || w === "--in-place")) {
      const args = words.slice(1);
      const scripts: string[] = [];
      const targets: string[] = [];
      for (let i = 0; i < args.length; i++) {
        if (args[i] === "-e" || args[i] === "--expression") scripts.push(args[++i] ?? "");
        else if (args[i].startsWith("-")) continue;
        else if (scripts.length === 0 && !args.slice(0, i).some((a) => a === "-e")) scripts.push(args[i]);
        else targets.push(args[i]);
      }
      for (const f of targets) {
        const before = files.get(f) ?? "";
        const lines = sedWrites(scripts.join("\n"), f).map((l) => {
          // A placeholder filled in on a template line: that line's key.
          if (!l.startsWith(`${UNKNOWN}@`)) return l;
          const pattern = l.slice(2);
          const line = before.split("\n").find((t) => t.includes(pattern.replace(/\\(.)/g, "$1")));
          const key = line ? /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)=/.exec(line)?.[1] : undefined;
          return key ? `${key}=${UNKNOWN}` : "";
        });
        record(f, lines.filter(Boolean).map((l) => l + "\n").join(""), true);
      }
    }
    for (const r of c.redirects) {
      if ((r.op === ">" || r.op === ">>" || r.op === ">|") && output !== undefined && !/^\d+$/.test(r.target.text) && r.target.text !== "/dev/null") {
        record(r.target.text, output, r.op === ">>");
      }
    }
    piped = c.end === "|" ? output : undefined;
  }
  return writes;
}

/**
 * The env a set of boot scripts writes into files (any file: the env file a container reads is one of
 * them), given the files the host already has (cloud-config `write_files`, e.g. a template).
 */
export function envWrittenByScripts(scripts: string[], existing: Map<string, string> = new Map()): WrittenEnv {
  const files = new Map(existing);
  const values = new Map<string, string>();
  const runtimeKeys = new Set<string>();
  for (const script of scripts) {
    for (const w of scriptWrites(script, files)) {
      for (const line of w.content.split("\n")) {
        // A JVM config file setting (HOCON `a.b.c = "value"`, plan/jvmConfigFile.ts) counts as its CONFIG_ key.
        const hocon = /^\s*([a-z][A-Za-z0-9-]*(?:\.[A-Za-z0-9-]+)+)\s*=\s*(.*)$/.exec(line);
        const m = hocon ? ([line, propertyToConfigKey(hocon[1]), hocon[2]] as const) : /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
        // A systemd unit's directives (`Environment="A=1"`, `ExecStart=docker run -e ...`) are read by systemd's rules (nodeEnv.ts).
        if (!m || /^(Environment|EnvironmentFile|Exec[A-Za-z]*|PassEnvironment|UnsetEnvironment)$/.test(m[1])) continue;
        if (m[2].includes(UNKNOWN)) {
          runtimeKeys.add(m[1]);
          values.delete(m[1]);
        } else if (!runtimeKeys.has(m[1])) values.set(m[1], m[2].replace(/^(["'])(.*)\1$/, "$2"));
      }
    }
  }
  return { values, runtimeKeys, files };
}
