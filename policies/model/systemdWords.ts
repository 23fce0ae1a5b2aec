/**
 * The words of a systemd unit directive's value as systemd splits `Environment=` and `ExecStart=`
 * (systemd.syntax(7) "Quoting", systemd.exec(5) `Environment=`; `extract_first_word()` with
 * EXTRACT_UNQUOTE | EXTRACT_CUNESCAPE in systemd's src/basic/extract-word.c): words separated by
 * whitespace; single and double quotes may open anywhere in a word and both behave alike; C escapes
 * (`\n`, `\t`, `\\`, `\"`, `\xNN`, `\NNN`, `\s` ...) are decoded inside and outside quotes; `%%` is a
 * literal `%`. No `$` expansion (systemd does not expand variables in Environment=). A value with an
 * unbalanced quote is ignored by systemd as a whole ("Unbalanced quoting, ignoring"): undefined here.
 * These are not the shell's rules (components/plan/shellWords.ts): `'\''` and `\$` differ.
 */

const SIMPLE_ESCAPES: Record<string, string> = { a: "\x07", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t", v: "\v", s: " ", "\\": "\\", '"': '"', "'": "'" };

/** Decodes one C escape after a backslash at `i`; returns the text and the index after it. */
function cEscape(s: string, i: number): [string, number] {
  const c = s[i];
  if (c in SIMPLE_ESCAPES) return [SIMPLE_ESCAPES[c], i + 1];
  if (c === "x" && /^[0-9a-fA-F]{2}$/.test(s.slice(i + 1, i + 3))) return [String.fromCharCode(parseInt(s.slice(i + 1, i + 3), 16)), i + 3];
  if (/^[0-7]{3}$/.test(s.slice(i, i + 3))) return [String.fromCharCode(parseInt(s.slice(i, i + 3), 8)), i + 3];
  if (c === "u" && /^[0-9a-fA-F]{4}$/.test(s.slice(i + 1, i + 5))) return [String.fromCodePoint(parseInt(s.slice(i + 1, i + 5), 16)), i + 5];
  if (c === "U" && /^[0-9a-fA-F]{8}$/.test(s.slice(i + 1, i + 9))) return [String.fromCodePoint(parseInt(s.slice(i + 1, i + 9), 16)), i + 9];
  // An unknown escape: systemd warns and keeps it as written (EXTRACT_CUNESCAPE_RELAX retry).
  return ["\\" + (c ?? ""), i + 1];
}

export function systemdWords(value: string): string[] | undefined {
  const words: string[] = [];
  let word: string | undefined;
  let quote: string | undefined;
  for (let i = 0; i < value.length; ) {
    const c = value[i];
    if (c === "\\") {
      const [text, next] = cEscape(value, i + 1);
      word = (word ?? "") + text;
      i = next;
    } else if (quote) {
      if (c === quote) quote = undefined;
      else word = (word ?? "") + c;
      i++;
    } else if (c === "'" || c === '"') {
      quote = c;
      word ??= "";
      i++;
    } else if (/\s/.test(c)) {
      if (word !== undefined) words.push(word);
      word = undefined;
      i++;
    } else {
      word = (word ?? "") + c;
      i++;
    }
  }
  if (quote) return undefined;
  if (word !== undefined) words.push(word);
  // Unit specifiers: `%%` is a literal percent sign (systemd.unit(5) "Specifiers").
  return words.map((w) => w.replace(/%%/g, "%"));
}

/** The assignments of an `Environment=` value (systemd ignores a word that is not `NAME=value`). */
export function systemdEnvironment(value: string): [string, string][] {
  const out: [string, string][] = [];
  for (const word of systemdWords(value) ?? []) {
    const eq = word.indexOf("=");
    if (eq > 0 && /^[A-Za-z_][A-Za-z0-9_]*$/.test(word.slice(0, eq))) out.push([word.slice(0, eq), word.slice(eq + 1)]);
  }
  return out;
}
