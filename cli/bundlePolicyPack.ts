/**
 * `npm run policy:bundle [-- --out <dir>]`: a self-contained copy of the policy pack for
 * `pulumi policy publish`, which uploads only the pack's directory. The pack reads a few pure
 * modules of the component library (the per-build key table, IPv4 helpers); this copies them along,
 * at the same relative paths, so the published pack runs the same code as `--policy-pack policies`.
 */
import * as fs from "fs";
import * as path from "path";
import { parseFlags, printHelpIfAsked, UsageError, type CommandHelp } from "./args";
import { PROJECT_ROOT } from "./loadStack";

const FLAGS = { values: ["--out"], switches: [] };

export const HELP: CommandHelp = {
  usage: "npm run policy:bundle --",
  summary: "Writes a self-contained copy of the policy pack (with the library modules it reads) for pulumi policy publish.",
  flags: { "--out": "the directory to write (default dist/policy-pack; replaced)" },
  exitCodes: { 0: "bundled", 2: "invalid arguments or a file that could not be copied" },
};

const IMPORT = /(?:from|require\()\s*["'](\.{1,2}\/[^"']+)["']/g;

/** Every project file the pack loads: the files under policies/ and the relative imports they reach. */
export function packFiles(): string[] {
  const policies = path.join(PROJECT_ROOT, "policies");
  const seen = new Set<string>();
  const queue = fs.readdirSync(policies, { recursive: true, encoding: "utf8" })
    .filter((f) => !f.split(path.sep).includes("node_modules") && /\.(ts|json|yaml)$/.test(f))
    .map((f) => path.join(policies, f));
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    if (!file.endsWith(".ts")) continue;
    for (const m of fs.readFileSync(file, "utf8").matchAll(IMPORT)) {
      const base = path.resolve(path.dirname(file), m[1]);
      const target = [`${base}.ts`, path.join(base, "index.ts"), base].find((c) => fs.existsSync(c) && fs.statSync(c).isFile());
      if (target && !target.includes(`${path.sep}node_modules${path.sep}`)) queue.push(target);
    }
  }
  return [...seen].sort();
}

export function bundle(out: string): string[] {
  fs.rmSync(out, { recursive: true, force: true });
  const files = packFiles();
  for (const file of files) {
    const rel = path.relative(PROJECT_ROOT, file);
    if (rel.startsWith("..")) throw new Error(`${file} is outside the project`);
    const target = rel === path.join("policies", "PulumiPolicy.yaml") || rel === path.join("policies", "package.json") ? path.join(out, path.basename(rel)) : path.join(out, rel);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.copyFileSync(file, target);
  }
  // The entry point now lives in policies/ below the pack root.
  fs.appendFileSync(path.join(out, "PulumiPolicy.yaml"), "main: policies/\n");
  return files;
}

if (require.main === module) {
  try {
    if (printHelpIfAsked(process.argv.slice(2), HELP, FLAGS)) process.exit(0);
    const { values } = parseFlags(process.argv.slice(2), FLAGS);
    const out = path.resolve(values["--out"] ?? path.join(PROJECT_ROOT, "dist", "policy-pack"));
    const files = bundle(out);
    process.stdout.write(`Bundled ${files.length} files into ${path.relative(process.cwd(), out)}\nPublish with: cd ${path.relative(process.cwd(), out)} && npm install && pulumi policy publish <org>\n`);
  } catch (e) {
    process.stderr.write(`policy:bundle: ${e instanceof UsageError || e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 2;
  }
}
