/**
 * Variables in a docker-compose file, substituted as docker compose substitutes them before it reads the
 * file (compose-spec, interpolation.md; compose-go template/template.go): `$VAR`, `${VAR}`,
 * `${VAR:-default}` / `${VAR-default}` (unset or empty / unset), `${VAR:+alt}` / `${VAR+alt}`,
 * `${VAR:?err}` / `${VAR?err}` (compose refuses the file), `$$` for a literal `$`; defaults may hold
 * variables themselves. The values come from the `.env` file of the project's folder when cloud-config
 * writes it, else from the shell that runs `docker compose`: a variable the host's scripts assign is
 * set there with a value not known here (the result is undefined: filled in on the host); any other is
 * unset, which compose substitutes with nothing.
 */

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

/** The text with every variable substituted, or undefined when it needs a variable not known here. */
export function interpolate(text: string, vars: Map<string, string>, onHost: ReadonlySet<string> = new Set()): string | undefined {
  let out = "";
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c !== "$") {
      out += c;
      i++;
      continue;
    }
    const next = text[i + 1];
    if (next === "$") {
      out += "$";
      i += 2;
      continue;
    }
    if (next === "{") {
      // The closing brace of this expression, skipping nested ${...} in a default.
      let depth = 1;
      let j = i + 2;
      for (; j < text.length && depth > 0; j++) {
        if (text[j] === "{" && text[j - 1] === "$") depth++;
        else if (text[j] === "}") depth--;
      }
      if (depth > 0) return undefined; // compose: "invalid interpolation format"
      const body = text.slice(i + 2, j - 1);
      const name = NAME.exec(body)?.[0];
      if (!name) return undefined;
      const rest = body.slice(name.length);
      if (!vars.has(name) && (onHost.has(name) || onHost.has(ANY_NAME))) return undefined;
      const value = vars.get(name);
      const op = /^(:?[-+?])/.exec(rest)?.[1];
      if (rest !== "" && !op) return undefined;
      const arg = op ? rest.slice(op.length) : "";
      const unsetOrEmpty = value === undefined || value === "";
      let piece: string | undefined;
      if (!op) piece = value ?? "";
      else if (op === ":-") piece = unsetOrEmpty ? interpolate(arg, vars, onHost) : value;
      else if (op === "-") piece = value === undefined ? interpolate(arg, vars, onHost) : value;
      else if (op === ":+") piece = unsetOrEmpty ? "" : interpolate(arg, vars, onHost);
      else if (op === "+") piece = value === undefined ? "" : interpolate(arg, vars, onHost);
      else piece = (op === ":?" ? unsetOrEmpty : value === undefined) ? undefined : value;
      if (piece === undefined) return undefined;
      out += piece;
      i = j;
      continue;
    }
    const name = NAME.exec(text.slice(i + 1))?.[0];
    if (!name) {
      out += "$";
      i++;
      continue;
    }
    if (!vars.has(name) && (onHost.has(name) || onHost.has(ANY_NAME))) return undefined;
    out += vars.get(name) ?? "";
    i += 1 + name.length;
  }
  return out;
}

/**
 * Names a script exports to the commands it runs (`export NAME=...`, `NAME=... docker compose up`): they
 * are in the shell environment `docker compose` reads, which wins over the `.env` file (compose docs,
 * "Environment variables precedence": the shell, then `.env`). A plain `NAME=...` is the script's own.
 */
/** A shell word's text in an assignment: quoted parts, `$(...)` and backquotes (blanks inside them), other characters but blanks and operators. */
const VALUE = `(?:"[^"]*"|'[^']*'|\\$\\([^)]*\\)|\`[^\`]*\`|[^\\s;&|"'\`$]|\\$(?!\\())*`;

export function exportedNames(scripts: string[]): Set<string> {
  const out = new Set<string>();
  for (const script of scripts) {
    for (const m of script.matchAll(new RegExp(`(?:^|[\\s;&|(\`])export\\s+((?:[A-Za-z_][A-Za-z0-9_]*(?:=${VALUE})?[ \\t]*)+)`, "g"))) {
      for (const n of m[1].matchAll(new RegExp(`([A-Za-z_][A-Za-z0-9_]*)(?:=${VALUE})?`, "g"))) out.add(n[1]);
    }
    for (const m of script.matchAll(new RegExp(`(?:^|[;&|]\\s*)((?:[A-Za-z_][A-Za-z0-9_]*=${VALUE}[ \\t]+)+)(?:sudo[ \\t]+(?:-E[ \\t]+)?)?docker(?:-compose|[ \\t]+compose)\\b`, "gm"))) {
      for (const n of m[1].matchAll(new RegExp(`([A-Za-z_][A-Za-z0-9_]*)=${VALUE}`, "g"))) out.add(n[1]);
    }
  }
  return out;
}

/** In `onHost`: the scripts set variables whose names cannot be read from them (they source a file, export a command's output). */
export const ANY_NAME = "*";

/**
 * Names a shell script assigns (`NAME=...`, `export NAME=...`, `NAME=... docker compose up`): set in the
 * environment `docker compose` may run in. A script that sources a file (`. f`, `source f`, `set -a`),
 * exports a command's output (`export $(...)`) or hands compose an env file (`--env-file`) may set any
 * name: then ANY_NAME is in the set.
 */
export function assignedNames(scripts: string[]): Set<string> {
  const out = new Set<string>();
  for (const script of scripts) {
    for (const m of script.matchAll(/(?:^|[\s;&|(`])(?:export\s+|readonly\s+|local\s+)?([A-Za-z_][A-Za-z0-9_]*)=/g)) out.add(m[1]);
    if (/(?:^|[\s;&|(])(?:source\s+\S|\.\s+\/|set\s+-[a-z]*a|export\s+\$\(|export\s+`)|--env-file\b/m.test(script)) out.add(ANY_NAME);
  }
  return out;
}
