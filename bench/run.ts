/**
 * `npm run bench [-- --runs <n>] [-- --cpu-prof]`: the cost of the offline check on large stacks.
 *
 * Measures, interleaved in one run on this machine: the floor (a bare Node process that loads
 * @pulumi/pulumi, @pulumi/aws and @pulumi/docker, as the checker does), and the full check (preview
 * + after-update + every policy, exactly as `npm run check` runs it) of generated aws stacks with 5
 * controllers and 10, 100 and 1000 invokers. Reports median wall time, peak RSS, resources
 * registered and the target ratios; writes bench/results.json and bench/RESULTS.md.
 * With --cpu-prof, also profiles one check of the 100-invoker stack and prints where the time goes.
 */
import { MAX_INVOKERS } from "../components/config/schema";
import { POLICIES } from "../policies/pack";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseFlags, printHelpIfAsked, type CommandHelp } from "../cli/args";
import { counter } from "../cli/progress";
import { writeBenchStack } from "./benchStacks";
import { measureNode, median, type Sample } from "./measure";
import { summarizeProfile } from "./profile";

const ROOT = path.resolve(__dirname, "..");
const SIZES = [10, 100, 1000];
/** The largest stack config allows (schema.ts MAX_INVOKERS): its check must fit in 30 s and 1.5 GiB. */
const LIMIT = MAX_INVOKERS;
const FLOOR = ["-e", 'require("@pulumi/pulumi"); require("@pulumi/aws"); require("@pulumi/docker");'];
const SDK_FLOOR = (resources: number) => ["--expose-gc", "-r", "./cli/register.js", "bench/sdkFloor.ts", String(resources - 1)];
const CHECK = (file: string, extra: string[] = []) => ["--expose-gc", ...extra, "-r", "./cli/register.js", "cli/check.ts", "--config-file", file, "--json"];
/** The shipped aws stack (stacks/Pulumi.prod.yaml) as `npm run check -- --stack prod` checks it. */
const CHECK_PROD = ["--expose-gc", "-r", "./cli/register.js", "cli/check.ts", "--stack", "prod", "--json"];
/** The check of the 100-invoker stack may cost at most this many floors. */
const FLOOR_TARGET = 3;

const FLAGS = { values: ["--runs"], switches: ["--cpu-prof"] };

export const HELP: CommandHelp = {
  usage: "npm run bench --",
  summary: "Measures the offline check on generated aws stacks (10, 100, 1000 invokers and the limit) against the floor; writes bench/results.json and bench/RESULTS.md. Progress on stderr.",
  flags: { "--runs": "interleaved runs per row (default 3)", "--cpu-prof": "also profile one check of the 100-invoker stack and print where the time goes" },
  exitCodes: { 0: "measured and written", 2: "invalid arguments or a check that failed" },
};

/** One check timed by phase, in milliseconds (bench/checkPhases.ts). */
interface PhaseRow {
  invokers: number;
  totalMs: number;
  startAndLoad: number;
  previewRun: number;
  updateRun: number;
  policies: number;
  rest: number;
}

interface Row {
  name: string;
  invokers?: number;
  resources?: number;
  runs: number;
  medianSeconds: number;
  minSeconds: number;
  peakRssMiB: number;
}

function row(name: string, samples: Sample[], invokers?: number, resources?: number): Row {
  return {
    name,
    invokers,
    resources,
    runs: samples.length,
    medianSeconds: median(samples.map((s) => s.seconds)),
    minSeconds: Math.min(...samples.map((s) => s.seconds)),
    peakRssMiB: Math.max(...samples.map((s) => s.peakRssMiB)),
  };
}

async function main(): Promise<void> {
  if (printHelpIfAsked(process.argv.slice(2), HELP, FLAGS)) return;
  const { values, switches } = parseFlags(process.argv.slice(2), FLAGS);
  const runs = Math.max(1, Number(values["--runs"] ?? 3));
  const stacksDir = fs.mkdtempSync(path.join(os.tmpdir(), "openwhisk-bench-"));
  const files = new Map([...SIZES, LIMIT].map((n) => [n, writeBenchStack(stacksDir, n)]));
  const atLimit: Sample[] = [];
  const floor: Sample[] = [];
  const prod: Sample[] = [];
  const checks = new Map<number, Sample[]>(SIZES.map((n) => [n, []]));
  const sdkFloors = new Map<number, Sample[]>(SIZES.map((n) => [n, []]));
  // Progress on stderr (stdout is the report): a bar on a terminal, else a line per measurement.
  const progress = counter(false, runs * (2 + 2 * SIZES.length) + SIZES.length, "bench:");
  // Interleaved, so drift on a shared machine hits every row alike.
  for (let r = 0; r < runs; r++) {
    progress.step(`run ${r + 1}/${runs}: floor (loading the Pulumi packages)`);
    floor.push(await measureNode(FLOOR, ROOT));
    const shipped = await measureNode(CHECK_PROD, ROOT);
    if (shipped.code !== 0) throw new Error(`check of the prod stack exited ${shipped.code}: ${shipped.stdout.slice(0, 500)}`);
    prod.push(shipped);
    for (const n of SIZES) {
      progress.step(`run ${r + 1}/${runs}: check of the ${n}-invoker stack`);
      const sample = await measureNode(CHECK(files.get(n)!), ROOT);
      if (sample.code !== 0) throw new Error(`check of the ${n}-invoker stack exited ${sample.code}: ${sample.stdout.slice(0, 500)}`);
      checks.get(n)!.push(sample);
      progress.step(`run ${r + 1}/${runs}: SDK floor for ${n} invokers' resources`);
      const sdk = await measureNode(SDK_FLOOR(JSON.parse(sample.stdout).resources), ROOT);
      sdkFloors.get(n)!.push(sdk);
      if (!process.stderr.isTTY) process.stderr.write(`run ${r + 1}/${runs}: ${n} invokers: check ${sample.seconds.toFixed(2)} s, ${sample.peakRssMiB.toFixed(0)} MiB; sdk floor ${sdk.seconds.toFixed(2)} s\n`);
    }
    progress.step(`run ${r + 1}/${runs}: check at the limit (${LIMIT} invokers)`);
    const limit = await measureNode(CHECK(files.get(LIMIT)!), ROOT);
    if (limit.code !== 0) throw new Error(`check of the ${LIMIT}-invoker stack exited ${limit.code}`);
    atLimit.push(limit);
    if (!process.stderr.isTTY) process.stderr.write(`run ${r + 1}/${runs}: ${LIMIT} invokers (the limit): check ${limit.seconds.toFixed(2)} s, ${limit.peakRssMiB.toFixed(0)} MiB\n`);
  }
  progress.done();
  const rows = [row("floor (load @pulumi/pulumi, aws, docker)", floor), row("check of the shipped aws stack prod (3 controllers, 4 invokers)", prod, undefined, JSON.parse(prod[0].stdout).resources)];
  const sdkRows: Row[] = [];
  for (const n of SIZES) {
    const samples = checks.get(n)!;
    const resources = JSON.parse(samples[0].stdout).resources;
    rows.push(row(`check, 5 controllers + ${n} invokers`, samples, n, resources));
    sdkRows.push(row(`SDK floor: ${resources} bare resources, preview + update`, sdkFloors.get(n)!, n, resources));
  }
  rows.push(row(`check at the limit: 5 controllers + ${LIMIT} invokers`, atLimit, LIMIT, JSON.parse(atLimit[0].stdout).resources));
  rows.push(...sdkRows);
  const t = (n: number) => rows.find((r) => r.invokers === n)!.medianSeconds;
  const sdk = (n: number) => sdkRows.find((r) => r.invokers === n)!.medianSeconds;
  // Each run's check over the floor measured next to it: drift on a shared machine cancels out.
  const paired = checks.get(100)!.map((c, i) => c.seconds / floor[i].seconds);
  const ratios = {
    check100OverFloor: t(100) / rows[0].medianSeconds,
    check100OverFloorPaired: median(paired),
    check100OverSdkFloor: t(100) / sdk(100),
    sdkFloor100OverFloor: sdk(100) / rows[0].medianSeconds,
    check1000OverSdkFloor: t(1000) / sdk(1000),
    check1000OverCheck100: t(1000) / t(100),
    peakRss1000MiB: rows.find((r) => r.invokers === 1000)!.peakRssMiB,
    checkAtLimitSeconds: t(LIMIT),
    peakRssAtLimitMiB: rows.find((r) => r.invokers === LIMIT)!.peakRssMiB,
  };
  const targets = {
    check100OverFloor: { target: `≤ ${FLOOR_TARGET}`, met: ratios.check100OverFloor <= FLOOR_TARGET },
    check1000OverCheck100: { target: "≤ 10", met: ratios.check1000OverCheck100 <= 10 },
    peakRss1000MiB: { target: "< 1024 MiB", met: ratios.peakRss1000MiB < 1024 },
    checkAtLimitSeconds: { target: "≤ 30 s", met: ratios.checkAtLimitSeconds <= 30 },
    peakRssAtLimitMiB: { target: "≤ 1536 MiB", met: ratios.peakRssAtLimitMiB <= 1536 },
  };
  // Where the time goes: one check of each size, in one process, timed by phase (bench/checkPhases.ts).
  const phases: PhaseRow[] = [];
  for (const n of SIZES) {
    progress.step(`phases of the ${n}-invoker check`);
    const sample = await measureNode(["--expose-gc", "-r", "./cli/register.js", "bench/checkPhases.ts", "--config-file", files.get(n)!, "--json"], ROOT);
    const out = JSON.parse(sample.stdout) as { code: number; totalMs: number; phases?: Record<string, number> };
    if (out.code !== 0 || !out.phases) throw new Error(`phases of the ${n}-invoker check: exit ${out.code}`);
    phases.push({ invokers: n, totalMs: out.totalMs, ...(out.phases as Omit<PhaseRow, "invokers" | "totalMs">) });
  }
  let profile: string | undefined;
  if (switches.has("--cpu-prof")) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "openwhisk-prof-"));
    await measureNode(CHECK(files.get(100)!, ["--cpu-prof", `--cpu-prof-dir=${dir}`]), ROOT);
    const file = fs.readdirSync(dir).find((f) => f.endsWith(".cpuprofile"))!;
    profile = summarizeProfile(path.join(dir, file), ROOT);
  }
  const result = {
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, platform: `${os.platform()} ${os.arch()}` },
    runsPerRow: runs,
    rows,
    ratios,
    targets,
    phases,
  };
  fs.writeFileSync(path.join(__dirname, "results.json"), JSON.stringify(result, null, 2) + "\n");
  const md = markdown(result, profile);
  fs.writeFileSync(path.join(__dirname, "RESULTS.md"), md);
  process.stdout.write(md);
  fs.rmSync(stacksDir, { recursive: true, force: true });
}

function markdown(result: { date: string; machine: Record<string, unknown>; runsPerRow: number; rows: Row[]; ratios: Record<string, number>; targets: Record<string, { target: string; met: boolean }>; phases: PhaseRow[] }, profile?: string): string {
  const m = result.machine;
  const lines = [
    "# Benchmark: the offline policy check on large stacks",
    "",
    `Generated by \`npm run bench\` on ${result.date.slice(0, 10)}: ${m.cpus} × ${m.model}, ${m.memoryGiB} GiB, Node ${m.node}, ${m.platform}. Median of ${result.runsPerRow} interleaved runs per row; peak RSS is the largest seen.`,
    "",
    "| what | resources | median wall time | fastest | peak RSS |",
    "|---|---:|---:|---:|---:|",
    ...result.rows.map((r) => `| ${r.name} | ${r.resources ?? "–"} | ${r.medianSeconds.toFixed(2)} s | ${r.minSeconds.toFixed(2)} s | ${r.peakRssMiB.toFixed(0)} MiB |`),
    "",
    "| ratio | measured | target | met |",
    "|---|---:|---:|:-:|",
    `| check of the 100-invoker stack / floor | ${result.ratios.check100OverFloor.toFixed(2)} | ${result.targets.check100OverFloor.target} | ${result.targets.check100OverFloor.met ? "yes" : "no"} |`,
    `| the same, median of each run's own ratio (${result.runsPerRow} pairs) | ${result.ratios.check100OverFloorPaired.toFixed(2)} | ${result.targets.check100OverFloor.target} | ${result.ratios.check100OverFloorPaired <= FLOOR_TARGET ? "yes" : "no"} |`,
    `| t(1000 invokers) / t(100 invokers) | ${result.ratios.check1000OverCheck100.toFixed(2)} | ${result.targets.check1000OverCheck100.target} | ${result.targets.check1000OverCheck100.met ? "yes" : "no"} |`,
    `| peak RSS of the 1000-invoker check | ${result.ratios.peakRss1000MiB.toFixed(0)} MiB | ${result.targets.peakRss1000MiB.target} | ${result.targets.peakRss1000MiB.met ? "yes" : "no"} |`,
    `| check at the limit (${LIMIT} invokers, openwhisk:invokers.count's maximum) | ${result.ratios.checkAtLimitSeconds.toFixed(1)} s | ${result.targets.checkAtLimitSeconds.target} | ${result.targets.checkAtLimitSeconds.met ? "yes" : "no"} |`,
    `| peak RSS at the limit | ${result.ratios.peakRssAtLimitMiB.toFixed(0)} MiB | ${result.targets.peakRssAtLimitMiB.target} | ${result.targets.peakRssAtLimitMiB.met ? "yes" : "no"} |`,
    `| check of the 100-invoker stack / SDK floor of as many resources | ${result.ratios.check100OverSdkFloor.toFixed(2)} | (context) | |`,
    `| SDK floor of the 100-invoker stack's resources / floor: Pulumi's runtime alone, no components, no policies | ${result.ratios.sdkFloor100OverFloor.toFixed(2)} | (context) | |`,
    `| check of the 1000-invoker stack / SDK floor of as many resources | ${result.ratios.check1000OverSdkFloor.toFixed(2)} | (context) | |`,
    "",
    `The check is exactly \`npm run check -- --config-file <generated stack> --json\`: the stack program run under Pulumi's mocks as a new-stack preview and after an update, then all ${POLICIES.length} policies over each. The floor is \`node -e\` requiring the three Pulumi packages, nothing else. The SDK floor (\`bench/sdkFloor.ts\`) registers as many bare \`aws.ec2.Instance\` resources under the same mocks, as a preview and after an update, with no components and no policies: what Pulumi's runtime alone costs for a program of that size.`,
    "",
    "## Where the time goes, by phase (one check of each size)",
    "",
    "| invokers | total | Node start + checker load | preview run (loads the Pulumi packages first) | update run | policies (both runs) | stack file + report |",
    "|---:|---:|---:|---:|---:|---:|---:|",
    ...result.phases.map((p) => `| ${p.invokers} | ${(p.totalMs / 1000).toFixed(2)} s | ${(p.startAndLoad / 1000).toFixed(2)} s | ${(p.previewRun / 1000).toFixed(2)} s | ${(p.updateRun / 1000).toFixed(2)} s | ${(p.policies / 1000).toFixed(2)} s | ${(p.rest / 1000).toFixed(2)} s |`),
    ...(profile ? ["", "## Where the time goes (one check of the 100-invoker stack, `--cpu-prof`)", "", "```", profile, "```"] : []),
    "",
  ];
  return lines.join("\n");
}

main().catch((e) => {
  process.stderr.write(`bench: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(2);
});
