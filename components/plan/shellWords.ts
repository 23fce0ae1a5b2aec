/**
 * Reads shell text the way a POSIX shell tokenizes it (XCU 2.2 Quoting, 2.3 Token Recognition, 2.7.4
 * Here-Document), without running anything: words with their quotes removed, operators, redirections
 * and here-documents. Expansions (`$X`, `${X}`, `$(...)`, backquotes) are not performed: they stay in the
 * word as written, and the word says it has one (its value is then only known on the host).
 * Dependency-free: the policy pack reads it. Property-tested against `sh` (test/shellWords.test.ts).
 */

export class ShellSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ShellSyntaxError";
  }
}

export interface ShellWord {
  /** The word with quoting removed; expansions kept as written. */
  text: string;
  /** Whether the word has an expansion the shell would perform (`$`, backquote) outside single quotes. */
  expands: boolean;
}

export interface Redirect {
  /** `>`, `>>`, `<`, `<<`, `<<-`, `<>`, `>&`, `<&`, `>|`. */
  op: string;
  /** The target word (for `<<`: the here-document's delimiter). */
  target: ShellWord;
  /** A here-document's body (`<<`, `<<-`); `expands` when its delimiter was unquoted and the body has an expansion. */
  body?: ShellWord;
}

export interface ShellCommand {
  words: ShellWord[];
  redirects: Redirect[];
  /** The operator that ended the command: `;`, `&`, `&&`, `||`, `|`, a newline or the end. */
  end: string;
}

const OPERATORS = ["&&", "||", ";;", "<<-", "<<", ">>", "<&", ">&", "<>", ">|", "&", "|", ";", "<", ">", "(", ")"];
/** The characters an operator starts with. */
const OPERATOR_START = new Set("&|;<>()");
/** A run of characters that only add themselves to the current word (read at once: profiled, per-character reading was most of the pack's time on large stacks). */
const ORDINARY = /[^\\'"$`#\n \t&|;<>()]+/y;
const RESERVED = new Set(["if", "then", "else", "elif", "fi", "do", "done", "while", "until", "for", "case", "esac", "{", "}", "!", "in"]);

/** Reads an expansion starting at `$` or a backquote at `i`, nested quotes and parentheses included; returns its end. */
function expansionEnd(s: string, i: number): number {
  if (s[i] === "`") {
    for (let j = i + 1; j < s.length; j++) {
      if (s[j] === "\\") j++;
      else if (s[j] === "`") return j + 1;
    }
    throw new ShellSyntaxError("unterminated backquote");
  }
  const open = s[i + 1];
  if (open !== "(" && open !== "{") {
    let j = i + 1;
    if (/[@*#?$!0-9-]/.test(s[j] ?? "")) return j + 1;
    while (j < s.length && /[A-Za-z0-9_]/.test(s[j])) j++;
    return j;
  }
  const close = open === "(" ? ")" : "}";
  let depth = 0;
  for (let j = i + 1; j < s.length; j++) {
    const c = s[j];
    if (c === "\\") j++;
    else if (c === "'" && open === "(") {
      const k = s.indexOf("'", j + 1);
      if (k < 0) throw new ShellSyntaxError("unterminated single quote");
      j = k;
    } else if (c === '"') {
      for (j++; j < s.length && s[j] !== '"'; j++) {
        if (s[j] === "\\") j++;
        else if (s[j] === "$" || s[j] === "`") j = expansionEnd(s, j) - 1;
      }
      if (j >= s.length) throw new ShellSyntaxError("unterminated double quote");
    } else if (c === "$" && (s[j + 1] === "(" || s[j + 1] === "{")) j = expansionEnd(s, j) - 1;
    else if (c === "`") j = expansionEnd(s, j) - 1;
    else if (c === open) depth++;
    else if (c === close) {
      depth--;
      if (depth === 0) return j + 1;
    }
  }
  throw new ShellSyntaxError(`unterminated ${open === "(" ? "$(" : "${"}`);
}

/** The here-document body text as the shell reads it: with an unquoted delimiter, `\` escapes only `$`, backquote, `\` and newline. */
function hereBody(raw: string, quoted: boolean): ShellWord {
  if (quoted) return { text: raw, expands: false };
  let text = "";
  let expands = false;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (c === "\\" && i + 1 < raw.length && "$`\\\n".includes(raw[i + 1])) {
      if (raw[i + 1] !== "\n") text += raw[i + 1];
      i++;
    } else if (c === "$" || c === "`") {
      const end = c === "$" && !/[A-Za-z_({@*#?$!0-9-]/.test(raw[i + 1] ?? "") ? i + 1 : expansionEnd(raw, i);
      if (end > i + 1) expands = true;
      text += raw.slice(i, end);
      i = end - 1;
    } else text += c;
  }
  return { text, expands };
}

/** Tokenizes shell text into simple commands (reserved words at a command's start dropped). */
export function shellCommands(s: string): ShellCommand[] {
  const commands: ShellCommand[] = [];
  let words: ShellWord[] = [];
  let redirects: Redirect[] = [];
  const pendingHeredocs: { redirect: Redirect; strip: boolean; quoted: boolean }[] = [];
  let word: (ShellWord & { quoted?: boolean }) | undefined;
  let pendingOp: string | undefined;
  const finishWord = () => {
    if (!word) return;
    if (pendingOp) {
      const redirect: Redirect = { op: pendingOp, target: word };
      redirects.push(redirect);
      if (pendingOp === "<<" || pendingOp === "<<-") pendingHeredocs.push({ redirect, strip: pendingOp === "<<-", quoted: word.quoted === true });
      pendingOp = undefined;
    } else if (words.length === 0 && RESERVED.has(word.text) && !word.quoted) {
      // A reserved word opening or closing a compound command: not a command word.
      if (word.text === "{") groups.push(commands.length);
      else if (word.text === "}") closedGroup = groups.pop();
    } else words.push({ text: word.text, expands: word.expands });
    word = undefined;
  };
  // Compound commands `{ ...; }` and `( ... )`: redirections after the closing one apply to every command inside.
  const groups: number[] = [];
  let closedGroup: number | undefined;
  const finishCommand = (end: string) => {
    finishWord();
    if (pendingOp) throw new ShellSyntaxError(`${pendingOp} without a target`);
    if (closedGroup !== undefined && words.length === 0 && redirects.length) {
      for (const c of commands.slice(closedGroup)) c.redirects.push(...redirects);
    } else if (words.length || redirects.length) commands.push({ words, redirects, end });
    closedGroup = undefined;
    words = [];
    redirects = [];
  };
  const cur = (): ShellWord & { quoted?: boolean } => (word ??= { text: "", expands: false });
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    if (c === "\\") {
      if (s[i + 1] === "\n") {
        i += 2;
        continue;
      }
      if (i + 1 >= s.length) {
        cur().text += "\\";
        i++;
        continue;
      }
      cur().text += s[i + 1];
      cur().quoted = true;
      i += 2;
    } else if (c === "'") {
      const end = s.indexOf("'", i + 1);
      if (end < 0) throw new ShellSyntaxError("unterminated single quote");
      cur().text += s.slice(i + 1, end);
      cur().quoted = true;
      i = end + 1;
    } else if (c === '"') {
      const w = cur();
      w.quoted = true;
      let j = i + 1;
      for (; j < s.length && s[j] !== '"'; j++) {
        if (s[j] === "\\" && j + 1 < s.length && "$`\"\\\n".includes(s[j + 1])) {
          if (s[j + 1] !== "\n") w.text += s[j + 1];
          j++;
        } else if (s[j] === "$" || s[j] === "`") {
          const end = s[j] === "$" && !/[A-Za-z_({@*#?$!0-9-]/.test(s[j + 1] ?? "") ? j + 1 : expansionEnd(s, j);
          if (end > j + 1) w.expands = true;
          w.text += s.slice(j, end);
          j = end - 1;
        } else w.text += s[j];
      }
      if (j >= s.length) throw new ShellSyntaxError("unterminated double quote");
      i = j + 1;
    } else if (c === "$" || c === "`") {
      const end = c === "$" && !/[A-Za-z_({@*#?$!0-9-]/.test(s[i + 1] ?? "") ? i + 1 : expansionEnd(s, i);
      const w = cur();
      if (end > i + 1) w.expands = true;
      w.text += s.slice(i, end);
      i = end;
    } else if (c === "#" && !word) {
      while (i < s.length && s[i] !== "\n") i++;
    } else if (c === "\n") {
      finishCommand("\n");
      i++;
      // Here-documents start on the line after their operator.
      for (const h of pendingHeredocs.splice(0)) {
        const delimiter = h.redirect.target.text;
        let raw = "";
        for (;;) {
          if (i >= s.length) throw new ShellSyntaxError(`here-document ended before its delimiter ${delimiter}`);
          const nl = s.indexOf("\n", i);
          let line = s.slice(i, nl < 0 ? s.length : nl);
          i = nl < 0 ? s.length : nl + 1;
          if (h.strip) line = line.replace(/^\t+/, "");
          if (line === delimiter) break;
          raw += line + "\n";
        }
        h.redirect.body = hereBody(raw, h.quoted);
      }
    } else if (c === " " || c === "\t") {
      finishWord();
      i++;
    } else {
      ORDINARY.lastIndex = i;
      const run = ORDINARY.exec(s);
      if (run) {
        cur().text += run[0];
        i += run[0].length;
        continue;
      }
      const op = OPERATOR_START.has(c) ? OPERATORS.find((o) => s.startsWith(o, i)) : undefined;
      if (!op) {
        // `#` inside a word is a character of it.
        cur().text += c;
        i++;
        continue;
      }
      if (op.startsWith("<") || op.startsWith(">")) {
        // An all-digit word right before a redirection is its file descriptor (`2>`), not a word.
        if (word && /^\d+$/.test(word.text) && !word.quoted) word = undefined;
        else finishWord();
        if (pendingOp) throw new ShellSyntaxError(`${pendingOp} without a target`);
        pendingOp = op;
      } else {
        const closing = op === ")" ? groups.pop() : undefined;
        finishCommand(op);
        if (op === "(") groups.push(commands.length);
        if (op === ")") closedGroup = closing;
      }
      i += op.length;
    }
  }
  finishCommand("");
  if (pendingHeredocs.length) throw new ShellSyntaxError(`here-document ended before its delimiter ${pendingHeredocs[0].redirect.target.text}`);
  return commands;
}

/** The words of one line of shell text (commands and operators ignored): `-e KEY="a b"` -> `-e`, `KEY=a b`. */
export function shellWords(text: string): string[] {
  return shellCommands(text).flatMap((c) => c.words.map((w) => w.text));
}
