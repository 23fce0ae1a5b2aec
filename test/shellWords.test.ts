/**
 * The one shell-words reader (components/plan/shellWords.ts) agrees with `sh` itself: for random text
 * built from quotes, backslashes, blanks and word characters, the words `sh` passes to a command
 * (`set -- <text>; printf '%s\0' "$@"`) are exactly the words read here, and text `sh` refuses (an
 * unterminated quote) is refused here too; and for text of several commands with `#` mid-word and after
 * blanks and operators right against words, the words of each command sh runs. Plus the forms teams
 * write in user data.
 */
import { spawnSync } from "child_process";
import fc from "fast-check";
import { shellCommands, shellWords, ShellSyntaxError } from "../components/plan/shellWords";

/** The words sh makes of each text (the text last in the script, as a command's arguments), or undefined when sh rejects it. */
function shWords(texts: string[]): (string[] | undefined)[] {
  return texts.map((t) => {
    const r = spawnSync("sh", ["-c", `f() { for a; do printf '%s\\037' "$a"; done; }; f ${t}`], { encoding: "utf8" });
    if (r.status !== 0) return undefined;
    return r.stdout === "" ? [] : r.stdout.split("\x1f").slice(0, -1);
  });
}

function ours(text: string): string[] | undefined {
  try {
    return shellWords(text);
  } catch (e) {
    if (e instanceof ShellSyntaxError) return undefined;
    throw e;
  }
}

const piece = fc.constantFrom("a", "b", "K", "=", "-D", " ", "  ", "\t", "'", '"', "\\", "x y", "'a b'", '"c d"', "\\'", '\\"', "\\\\", ".", ":", "/", "%", ",");

test("property: the words match sh's for random quoting (dash, /bin/sh)", () => {
  const samples = fc.sample(fc.array(piece, { minLength: 1, maxLength: 12 }).map((p) => p.join("")), { numRuns: 300, seed: 19 });
  const expected = shWords(samples);
  const mismatches = samples.map((s, i) => ({ text: s, sh: expected[i], ours: ours(s) })).filter((m) => JSON.stringify(m.sh) !== JSON.stringify(m.ours));
  expect(mismatches).toEqual([]);
});

test("docker run -e with quoted values, JVM options in one variable, --env=", () => {
  expect(shellWords(`docker run -d -e KEY="a b" -e 'K2=v' --env=K3="x y z" -e "K4=it's" img`)).toEqual(["docker", "run", "-d", "-e", "KEY=a b", "-e", "K2=v", "--env=K3=x y z", "-e", "K4=it's", "img"]);
  expect(shellWords(`CONTROLLER_OPTS="-Da=1 -Db=2"`)).toEqual(["CONTROLLER_OPTS=-Da=1 -Db=2"]);
  expect(shellWords(`JAVA_OPTS='-Xmx2g -Dpekko.cluster.seed-nodes.0="pekko://s@h:2551"'`)).toEqual([`JAVA_OPTS=-Xmx2g -Dpekko.cluster.seed-nodes.0="pekko://s@h:2551"`]);
});

test("commands, redirections, here-documents and expansions", () => {
  const [printf, cat, run] = shellCommands(`printf '%s=%s\\n' CONFIG_whisk_info_date "$(date +%F)" >> /etc/ow.env\ncat <<'EOF' > /etc/a.env\nA=$B\nEOF\ndocker run \\\n  -e X=1 img # comment\n`);
  expect(printf.words.map((w) => [w.text, w.expands])).toEqual([["printf", false], ["%s=%s\\n", false], ["CONFIG_whisk_info_date", false], ["$(date +%F)", true]]);
  expect(printf.redirects.map((r) => [r.op, r.target.text])).toEqual([[">>", "/etc/ow.env"]]);
  expect(cat.redirects.map((r) => [r.op, r.target.text, r.body?.text, r.body?.expands])).toEqual([["<<", "EOF", "A=$B\n", false], [">", "/etc/a.env", undefined, undefined]]);
  expect(run.words.map((w) => w.text)).toEqual(["docker", "run", "-e", "X=1", "img"]);
  const [unquoted] = shellCommands(`cat > f <<EOF\nB=$(hostname -i)\nC=\\$D\nEOF\n`);
  expect(unquoted.redirects[1].body).toEqual({ text: "B=$(hostname -i)\nC=$D\n", expands: true });
});

test("a redirection after a compound command applies to every command in it", () => {
  const commands = shellCommands(`secret() { aws ssm get-parameter --name "$1"; }\n{\n  printf '%s=%s\\n' A "$(secret a)"\n  echo B=1\n} > '/run/x.env'\n( echo C=2 ) >> /run/y.env\necho D=3\n`);
  const targets = (word: string) => commands.find((c) => c.words.some((w) => w.text === word))!.redirects.map((r) => r.op + r.target.text);
  expect(targets("A")).toEqual([">/run/x.env"]);
  expect(targets("B=1")).toEqual([">/run/x.env"]);
  expect(targets("C=2")).toEqual([">>/run/y.env"]);
  expect(targets("D=3")).toEqual([]);
  expect(targets("ssm")).toEqual([]);
});

/**
 * The words of every command sh runs, for text of several commands (each run as `f <words>`): `f`
 * prints its arguments, then a record separator. Undefined when sh rejects the text.
 */
function shCommandWords(texts: string[]): (string[][] | undefined)[] {
  return texts.map((t) => {
    const r = spawnSync("sh", ["-c", `f() { for a; do printf '%s\\037' "$a"; done; printf '\\036'; }\nf ${t}`], { encoding: "utf8" });
    if (r.status !== 0) return undefined;
    return r.stdout.split("\x1e").slice(0, -1).map((c) => (c === "" ? [] : c.split("\x1f").slice(0, -1)));
  });
}

function ourCommandWords(text: string): string[][] | undefined {
  try {
    return shellCommands(`f ${text}`).map((c) => c.words.slice(1).map((w) => w.text));
  } catch (e) {
    if (e instanceof ShellSyntaxError) return undefined;
    throw e;
  }
}

/** `#` mid-word and after blanks, operators right against words and quotes, newlines: the reader's run-at-once path and its operator lookup. */
const commandPiece = fc.constantFrom(
  // A backslash only as a pair or before a character, never loose: `\` before an operator piece would
  // make a background job (nondeterministic output order) or an empty command.
  "a", "b=", "-D", " ", "\t", "#", "a#b", " #c", "'", '"', "\\\\", "\\a", "'a #b'", '"c;d"', "\\#", "\\;", "x&&f y",
  ";f ", "; f ", "&&f ", " && f ", "\nf ", "\n#x\nf ", ".", ":", "/",
);

test("property: #, operators and newlines against words: each command's words match sh's", () => {
  const samples = fc.sample(fc.array(commandPiece, { minLength: 1, maxLength: 14 }).map((p) => p.join("")), { numRuns: 300, seed: 23 });
  const expected = shCommandWords(samples);
  const mismatches = samples.map((s, i) => ({ text: s, sh: expected[i], ours: ourCommandWords(s) })).filter((m) => JSON.stringify(m.sh) !== JSON.stringify(m.ours));
  expect(mismatches).toEqual([]);
});
