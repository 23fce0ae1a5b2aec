/**
 * `npm run render -- --stack <name> | --config-file <path> [--json]`: prints what every node of the
 * stack will run, like `helm template`, for review. Secret values are shown as [secret].
 * Exit 0: rendered; 2: invalid config or arguments (errors name the key).
 */
import { formatIssues } from "../components/config/errors";
import { StackFileError } from "../components/config/stackFile";
import { isFetchedFile, isSecretFile, redactedEnv, RenderedStack } from "../components/plan/containerSpec";
import { renderStack } from "../components/plan/renderStack";
import { parseFlags, printHelpIfAsked, UsageError, type CommandHelp } from "./args";
import { loadStack, resolveStackFile } from "./loadStack";

const FLAGS = { values: ["--stack", "--config-file"], switches: ["--json"] };

export const HELP: CommandHelp = {
  usage: "npm run render --",
  summary: "Prints what every node of the stack will run (image, command, env with secrets as [secret], ports, volumes, files, labels), like helm template.",
  flags: {
    "--stack": "the stack to use: stacks/Pulumi.<value>.yaml",
    "--config-file": "a stack file at any path (Pulumi.<stack>.yaml format) instead of --stack",
    "--json": "print JSON only (on stdout), for jq",
  },
  exitCodes: { 0: "rendered", 2: "invalid config, stack file or arguments (the error names the key)" },
};

export function renderJson(rendered: RenderedStack) {
  return {
    stack: rendered.stack,
    nodes: rendered.nodes.map((n) => ({
      name: n.name,
      role: n.role,
      image: n.image,
      command: n.command,
      env: redactedEnv(n.env),
      ports: n.ports,
      volumes: n.volumes,
      labels: n.labels,
      ...(n.staticAddress ? { staticAddress: n.staticAddress } : {}),
    })),
  };
}

export function renderText(rendered: RenderedStack): string {
  const lines: string[] = [`# stack: ${rendered.stack}`];
  for (const n of rendered.nodes) {
    lines.push("---", `# ${n.role} ${n.name}${n.staticAddress ? ` @ ${n.staticAddress.ip} (${n.staticAddress.dnsName})` : ""}`);
    lines.push(`name: ${n.name}`, `image: ${n.image}`, `command: ${JSON.stringify(n.command)}`, `restart: ${n.restart}`);
    if (n.privileged) lines.push("privileged: true");
    if (n.pidMode) lines.push(`pid: ${n.pidMode}`);
    lines.push("env:");
    for (const [k, v] of Object.entries(redactedEnv(n.env)).sort(([a], [b]) => a.localeCompare(b))) lines.push(`  ${k}: ${JSON.stringify(v)}`);
    if (n.ports.length) lines.push("ports:", ...n.ports.map((p) => `  - ${p.external ? `${p.external}:` : ""}${p.internal}  # ${p.purpose}${p.external ? "" : " (network only)"}`));
    if (n.volumes.length) lines.push("volumes:", ...n.volumes.map((v) => `  - ${v.hostPath}:${v.containerPath}${v.readOnly ? ":ro" : ""}`));
    if (n.files.length) lines.push("files:", ...n.files.map((f) => `  - ${f.containerPath} (${isSecretFile(f.content) ? (f.content.secret ? `from the secret ${f.content.secret}` : `from the SSM parameter ${f.content.parameter}`) : isFetchedFile(f.content) ? `from s3://${f.content.object.bucket}/${f.content.object.key}` : `${f.content.length} bytes`}${f.mode ? `, mode ${f.mode}` : ""})`));
    lines.push("labels:", ...Object.entries(n.labels).map(([k, v]) => `  ${k}: ${JSON.stringify(v)}`));
  }
  return lines.join("\n");
}

export function main(argv: string[]): number {
  try {
    if (printHelpIfAsked(argv, HELP, FLAGS)) return 0;
    const { values, switches } = parseFlags(argv, FLAGS);
    const loaded = loadStack(resolveStackFile(values));
    if (loaded.issues) {
      process.stderr.write(formatIssues(loaded.issues, loaded.file.path) + "\n");
      return 2;
    }
    const rendered = renderStack(loaded.config, loaded.file.stack);
    process.stdout.write((switches.has("--json") ? JSON.stringify(renderJson(rendered), null, 2) : renderText(rendered)) + "\n");
    return 0;
  } catch (e) {
    if (e instanceof UsageError || e instanceof StackFileError) {
      process.stderr.write(`render: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
