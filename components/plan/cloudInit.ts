/**
 * cloud-init user data that runs rendered ContainerSpecs on an EC2 host: per container an env file, an
 * argv file and an image file read by one fixed launcher (hostFiles.ts), a secrets script and a systemd
 * unit, so `pulumi up` needs no SSH path to the hosts and no config value is ever parsed by a shell or
 * by systemd. Secrets are not in the user data: each unit fetches them from SSM Parameter Store
 * (SecureString) at start. Pure: the same specs always give the same text, known at preview.
 */
import { gzipSync } from "node:zlib";
import type { ContainerSpec } from "./containerSpec";
import { isFetchedFile, isSecretFile, isSecretRef, type FetchedFileContent, type SecretFileContent } from "./containerSpec";
import { DOCKER_MIN_API_DROP_IN, dockerMinApiDropIn } from "./dockerEngine";
import { argvFile, envFileLine, envName, LAUNCHER, LAUNCHER_PATH, shellWord, systemdToken } from "./hostFiles";
import { CONFIG_FILE_HEAD, configFileSecrets, ENCODED_CONFIG_ENV } from "./jvmConfigFile";
import { textCache } from "./textCache";

export const ENV_DIR = "/etc/openwhisk";
/** EC2's limit on user data (before base64). */
export const USER_DATA_LIMIT = 16 * 1024;

/** A setup step of the host itself (e.g. the action fence): a script run once per boot by a oneshot unit. */
export interface HostJob {
  /** Unit `openwhisk-<name>.service`, script `/usr/local/bin/openwhisk-<name>`; containers name it in dependsOn. */
  name: string;
  description: string;
  script: string;
  /** Container units it runs after (e.g. the readiness reporter after its controller); default: before containers that name it. */
  after?: string[];
  /** Part of docker.service: started again whenever docker starts again (e.g. the action fence). */
  withDocker?: boolean;
  /** A service that keeps running (restarted when it exits), not a oneshot step. */
  longRunning?: boolean;
}

export interface CloudInitArgs {
  specs: ContainerSpec[];
  /** Host setup steps containers wait for (systemd starts them first, and a failure stops the container). */
  jobs?: HostJob[];
  /** SSM parameter path prefix holding the secrets, e.g. /openwhisk/prod/. */
  secretPrefix: string;
  region: string;
  /** The Engine API version the host's engine must still accept (the invoker's docker CLI; dockerEngine.ts). */
  dockerMinApiVersion?: string;
}

export function unitName(spec: ContainerSpec): string {
  return `openwhisk-${spec.name}.service`;
}

/** The non-secret env of a container as a docker --env-file. */
export function envFile(spec: ContainerSpec): string {
  return (
    Object.entries(spec.env)
      .filter(([, v]) => !isSecretRef(v))
      .map(([k, v]) => envFileLine(k, v as string))
      .join("\n") + "\n"
  );
}

/** Where the secrets script writes a file made from a secret (host side; mounted read-only). */
export function secretFileHostPath(spec: ContainerSpec, containerPath: string): string {
  return `/run/openwhisk/files/${spec.name}${containerPath}`;
}

/** Where a container's secrets script writes its env file (read by `docker run --env-file`). */
export function secretsEnvPath(spec: ContainerSpec): string {
  return `/run/openwhisk/${spec.name}.secrets.env`;
}

/**
 * The script a unit runs before its container (ExecStartPre, no `-`: its failure fails the start). It
 * reads every secret first, each into its own variable (`v=$(secret ...)` under `set -e` stops at a failed
 * read, where `printf ... "$(secret ...)"` would not), refuses a failed or empty read, then writes every
 * file into a staging directory and moves each into place: a failure leaves nothing written and the
 * files of the last good start untouched.
 */
function secretsScript(spec: ContainerSpec, args: CloudInitArgs): string {
  const self = `openwhisk-secrets-${systemdToken(spec.name)}`;
  const lines = [
    "#!/bin/sh",
    "# Reads this container's secrets from SSM Parameter Store at start (never in user data). A read that",
    "# fails or returns an empty value stops the script: nothing is written and the unit does not start.",
    "set -eu",
    "umask 077",
    "mkdir -p /run/openwhisk",
    "secret() {",
    `  value=$(aws ssm get-parameter --region ${shellWord(args.region)} --with-decryption --name "$1" --query Parameter.Value --output text) || {`,
    `    echo "${self}: cannot read SSM parameter $1" >&2`,
    "    return 1",
    "  }",
    '  if [ -z "$value" ]; then',
    `    echo "${self}: SSM parameter $1 is empty" >&2`,
    "    return 1",
    "  fi",
    "  printf '%s' \"$value\"",
    "}",
  ];
  // Each parameter read once, into s<i>.
  const reads = new Map<string, string>();
  const read = (parameter: string) => {
    if (!reads.has(parameter)) {
      reads.set(parameter, `s${reads.size}`);
      lines.push(`${reads.get(parameter)}=$(secret ${shellWord(parameter)})`);
    }
    return reads.get(parameter)!;
  };
  // Secret CONFIG_ entries of 1.0.0+ controllers and invokers go in the JVM config file, off its argv (jvmConfigFile.ts).
  const inFile = configFileSecrets(spec);
  const moved = new Set(inFile.map((e) => e.key));
  const env = (Object.entries(spec.env).filter(([k, v]) => isSecretRef(v) && !moved.has(k)) as [string, { secret: string }][]).map(([k, v]) => [k, `"$${read(`${args.secretPrefix}${v.secret}`)}"`] as const);
  lines.push(`stage=$(mktemp -d ${shellWord(`/run/openwhisk/.${spec.name}.secrets.XXXXXX`)})`, "trap 'rm -rf \"$stage\"' EXIT");
  if (inFile.length) {
    const settings = inFile.map((e) => ({ property: e.property, variable: read(`${args.secretPrefix}${e.secret}`) }));
    for (const { variable } of settings) {
      lines.push(`case "$${variable}" in *'"'*|*\\\\*) echo "${self}: a secret for the JVM config file holds a quote or backslash" >&2; exit 1 ;; esac`);
    }
    // Written as a file first (what the host writes is what a reader of this script sees), then encoded.
    lines.push("{", `  printf '%s\\n' ${shellWord(CONFIG_FILE_HEAD)}`);
    for (const { property, variable } of settings) lines.push(`  printf '%s = "%s"\\n' ${shellWord(property)} "$${variable}"`);
    lines.push('} > "$stage/jvm.conf"', "config=$(base64 < \"$stage/jvm.conf\" | tr -d '\\n')");
    env.push([ENCODED_CONFIG_ENV, '"$config"'] as const);
  }
  const files = spec.files.filter((f) => isSecretFile(f.content)).map((f, i) => {
    const content = f.content as SecretFileContent;
    return { i, f, content, variable: read(content.secret ? `${args.secretPrefix}${content.secret}` : content.parameter!) };
  });
  if (env.length === 0) lines.push(': > "$stage/env"');
  else {
    lines.push("{");
    for (const [k, word] of env) lines.push(`  printf '%s=%s\\n' ${envName(k)} ${word}`);
    lines.push('} > "$stage/env"');
  }
  for (const { i, content, variable } of files) lines.push(`printf '%s%s%s' ${shellWord(content.before)} "$${variable}" ${shellWord(content.after)} > "$stage/file${i}"`);
  for (const { i, f } of files) {
    const path = shellWord(secretFileHostPath(spec, f.containerPath));
    lines.push(`mkdir -p "$(dirname ${path})"`, `mv -f "$stage/file${i}" ${path}`);
  }
  lines.push(`mv -f "$stage/env" ${shellWord(secretsEnvPath(spec))}`);
  return lines.join("\n") + "\n";
}

/** Where a container's fetch script (fetchScript) is written; its unit runs it before the container. */
export function fetchScriptPath(spec: ContainerSpec): string {
  return `/usr/local/bin/openwhisk-fetch-${systemdToken(spec.name)}`;
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

/**
 * The script a unit runs before its container when the container has fetched files (FetchedFileContent:
 * objects too large for user data). Each file already in place with the expected SHA-256 is kept; any
 * other is downloaded into a staging directory with the AWS CLI, and only a download whose SHA-256
 * matches the one written here (in the user data, which the instance's own role cannot change) is
 * moved into place. A failed download or a mismatch stops the script: the unit does not start, and
 * systemd tries again.
 */
export function fetchScript(spec: ContainerSpec): string | undefined {
  const fetched = spec.files.filter((f): f is typeof f & { content: FetchedFileContent } => isFetchedFile(f.content));
  if (fetched.length === 0) return undefined;
  const self = `openwhisk-fetch-${systemdToken(spec.name)}`;
  const lines = [
    "#!/bin/sh",
    "# Fetches this container's files from S3 and uses each only if its SHA-256 matches the one below.",
    "set -eu",
    "umask 022",
    "mkdir -p /run/openwhisk",
    `stage=$(mktemp -d ${shellWord(`/run/openwhisk/.${spec.name}.fetch.XXXXXX`)})`,
    "trap 'rm -rf \"$stage\"' EXIT",
    "sha256() { sha256sum \"$1\" | cut -d ' ' -f 1; }",
    "fetch() { # region bucket key sha256 target mode",
    '  if [ -f "$5" ] && [ "$(sha256 "$5")" = "$4" ]; then return 0; fi',
    '  aws s3 cp --only-show-errors --region "$1" "s3://$2/$3" "$stage/file" || {',
    `    echo "${self}: cannot read s3://$2/$3" >&2`,
    "    return 1",
    "  }",
    '  actual=$(sha256 "$stage/file")',
    '  if [ "$actual" != "$4" ]; then',
    `    echo "${self}: s3://$2/$3 has SHA-256 $actual, expected $4; not used" >&2`,
    "    return 1",
    "  fi",
    '  chmod "$6" "$stage/file"',
    '  mkdir -p "$(dirname "$5")"',
    '  mv -f "$stage/file" "$5"',
    "}",
  ];
  for (const f of fetched) {
    const o = f.content.object;
    if (!SHA256_HEX.test(o.sha256)) throw new Error(`a fetched file's SHA-256 must be 64 lowercase hex digits, got ${JSON.stringify(o.sha256)}`);
    const mode = f.mode ?? "0644";
    if (!/^0[0-7]{3}$/.test(mode)) throw new Error(`a fetched file's mode must be octal, got ${JSON.stringify(mode)}`);
    lines.push(`fetch ${[o.region, o.bucket, o.key, o.sha256, `${ENV_DIR}/files/${spec.name}${f.containerPath}`, mode].map(shellWord).join(" ")}`);
  }
  return lines.join("\n") + "\n";
}

/** The `docker run` arguments of a container, one element per argument (the launcher passes them verbatim). */
export function dockerRunArgs(spec: ContainerSpec): string[] {
  const args = ["--rm", "--name", spec.name, "--hostname", spec.hostname];
  args.push("--env-file", `${ENV_DIR}/${spec.name}.env`, "--env-file", secretsEnvPath(spec));
  const [network] = spec.extraNetworks ?? [];
  if (network) args.push("--network", network.name, ...(network.ipv4Address ? ["--ip", network.ipv4Address] : []));
  for (const p of spec.ports) args.push("-p", `${p.hostIp ? `${p.hostIp}:` : ""}${p.external ?? p.internal}:${p.internal}`);
  for (const v of spec.volumes) args.push("-v", `${v.hostPath}:${v.containerPath}${v.readOnly ? ":ro" : ""}`);
  for (const f of spec.files) {
    const host = isSecretFile(f.content) ? secretFileHostPath(spec, f.containerPath) : `${ENV_DIR}/files/${spec.name}${f.containerPath}`;
    args.push("-v", `${host}:${f.containerPath}:ro`);
  }
  for (const [k, v] of Object.entries(spec.labels)) args.push("--label", `${k}=${v}`);
  if (spec.privileged) args.push("--privileged");
  if (spec.pidMode) args.push("--pid", spec.pidMode);
  if (spec.usernsMode) args.push("--userns", spec.usernsMode);
  if (spec.healthCheck) {
    args.push("--health-cmd", spec.healthCheck.test.slice(1).join(" "), "--health-interval", spec.healthCheck.interval, "--health-retries", String(spec.healthCheck.retries));
  }
  if (spec.entrypoint) args.push("--entrypoint", spec.entrypoint);
  args.push(spec.image, ...spec.command);
  return args;
}

/** A host job's systemd unit, and the script it runs. */
function jobUnitName(job: HostJob): string {
  return `openwhisk-${systemdToken(job.name)}.service`;
}
function jobScriptPath(job: HostJob): string {
  return hostJobScriptPath(job.name);
}
/** Where a host job's script is written. */
export function hostJobScriptPath(name: string): string {
  return `/usr/local/bin/openwhisk-${systemdToken(name)}`;
}

function jobUnit(job: HostJob): string {
  const after = (job.after ?? []).map((a) => `openwhisk-${systemdToken(a)}.service`);
  return [
    "[Unit]",
    `Description=OpenWhisk host job: ${systemdToken(job.name)}`,
    `After=docker.service ${after.join(" ")}`.trim(),
    "Requires=docker.service",
    ...(after.length ? [`Wants=${after.join(" ")}`] : []),
    // Stopped and started again with docker (a docker restart rebuilds its own firewall rules and networks).
    ...(job.withDocker ? ["PartOf=docker.service"] : []),
    "",
    "[Service]",
    ...(job.longRunning ? ["Restart=always", "RestartSec=5"] : ["Type=oneshot", "RemainAfterExit=yes"]),
    // The script bounds its own wait.
    ...(after.length && !job.longRunning ? ["TimeoutStartSec=infinity"] : []),
    `ExecStart=${jobScriptPath(job)}`,
    "",
    "[Install]",
    `WantedBy=multi-user.target${job.withDocker ? " docker.service" : ""}`,
    "",
  ].join("\n");
}

function unit(spec: ContainerSpec, all: ContainerSpec[], hostJobs: HostJob[]): string {
  const onHost = spec.dependsOn.map((d) => all.find((s) => s.name === d)).filter((d): d is ContainerSpec => d !== undefined);
  // Services are ordered with After/Wants. A one-shot job (the database init, a host setup step) is started
  // by the unit itself and must succeed first: a failure fails this start, and Restart= tries both again later.
  const services = onHost.filter((d) => !d.oneShot).map(unitName);
  const jobs = [
    ...hostJobs.filter((j) => spec.dependsOn.includes(j.name)).map(jobUnitName),
    ...onHost.filter((d) => d.oneShot).map(unitName),
  ];
  const name = systemdToken(spec.name);
  return [
    "[Unit]",
    `Description=OpenWhisk ${systemdToken(spec.role)} ${name}`,
    `After=docker.service network-online.target ${services.map(systemdToken).join(" ")}`.trim(),
    "Wants=network-online.target",
    "Requires=docker.service",
    ...(services.length ? [`Wants=${services.join(" ")}`] : []),
    "",
    "[Service]",
    spec.oneShot ? "Type=oneshot\nRemainAfterExit=yes\nTimeoutStartSec=900" : "Restart=always\nRestartSec=5",
    ...jobs.map((j) => `ExecStartPre=/usr/bin/systemctl start ${systemdToken(j)}`),
    `ExecStartPre=-/usr/bin/docker rm -f ${name}`,
    ...(fetchScript(spec) ? [`ExecStartPre=${fetchScriptPath(spec)}`] : []),
    `ExecStartPre=/usr/local/bin/openwhisk-secrets-${name}`,
    `ExecStartPre=${LAUNCHER_PATH} ${name} pull`,
    `ExecStart=${LAUNCHER_PATH} ${name} run`,
    "",
    "[Install]",
    "WantedBy=multi-user.target",
    "",
  ].join("\n");
}

export function renderCloudInit(args: CloudInitArgs): string {
  const files: Array<{ path: string; permissions: string; content: string }> = [{ path: LAUNCHER_PATH, permissions: "0755", content: LAUNCHER }];
  for (const spec of args.specs) {
    files.push({ path: `${ENV_DIR}/${spec.name}.env`, permissions: "0644", content: envFile(spec) });
    files.push({ path: `${ENV_DIR}/${spec.name}.args`, permissions: "0644", content: argvFile(dockerRunArgs(spec)) });
    files.push({ path: `${ENV_DIR}/${spec.name}.image`, permissions: "0644", content: argvFile([spec.image]) });
    for (const f of spec.files) {
      if (typeof f.content === "string") files.push({ path: `${ENV_DIR}/files/${spec.name}${f.containerPath}`, permissions: f.mode ?? "0644", content: f.content });
    }
    const fetch = fetchScript(spec);
    if (fetch) files.push({ path: fetchScriptPath(spec), permissions: "0755", content: fetch });
    files.push({ path: `/usr/local/bin/openwhisk-secrets-${spec.name}`, permissions: "0755", content: secretsScript(spec, args) });
    files.push({ path: `/etc/systemd/system/${unitName(spec)}`, permissions: "0644", content: unit(spec, args.specs, args.jobs ?? []) });
  }
  for (const job of args.jobs ?? []) {
    files.push({ path: jobScriptPath(job), permissions: "0755", content: job.script });
    files.push({ path: `/etc/systemd/system/${jobUnitName(job)}`, permissions: "0644", content: jobUnit(job) });
  }
  if (args.dockerMinApiVersion) {
    // Before the package installs and starts docker.service (write_files runs in cloud-init's first stage).
    files.unshift({ path: DOCKER_MIN_API_DROP_IN, permissions: "0644", content: dockerMinApiDropIn(args.dockerMinApiVersion) });
  }
  const doc = {
    packages: ["docker"],
    write_files: files.map(writeFile),
    runcmd: [
      // Loads the engine drop-in whatever the package did.
      ["systemctl", "daemon-reload"],
      ["systemctl", "enable", "--now", "docker"],
      ["mkdir", "-p", ...args.specs.flatMap((s) => s.volumes.filter((v) => v.hostPath.startsWith("/var/tmp/")).map((v) => v.hostPath))],
      ["systemctl", "daemon-reload"],
      ["systemctl", "enable", "--now", "--no-block", ...(args.jobs ?? []).map(jobUnitName), ...args.specs.map(unitName)],
    ],
  };
  return cloudConfigText(doc);
}

/**
 * A cloud-config document as user data: the `#cloud-config` header and the document as JSON, two-space
 * indented. JSON is YAML (the flow style of YAML 1.1 and 1.2 alike): cloud-init's PyYAML loader reads it
 * as the same document, and so does every YAML reader of a reviewer. It is written instead of block
 * YAML because every reader of user data parses it, the policy pack on every host of a stack, and a
 * JSON parser reads it in a small fraction of a YAML parser's time (profiled: YAML was the largest
 * part of checking a 1000-invoker stack). What makes JSON and YAML 1.1 disagree never reaches it: every
 * file content is base64, the other strings (paths, modes, unit names, argv words) are validated
 * names with no control characters, there are no numbers or booleans, and the characters PyYAML
 * reads otherwise in a string are escaped here all the same (PYYAML_UNSAFE). The cloud-init tests load
 * it with cloud-init's own loader and schema.
 */
export function cloudConfigText(doc: object): string {
  return `#cloud-config\n${JSON.stringify(doc, null, 2).replace(PYYAML_UNSAFE, pyyamlEscape)}\n`;
}

/**
 * The characters JSON writes as they are but PyYAML reads otherwise: DEL, the C1 controls and U+FFFE/FFFF
 * are not printable to its reader (it refuses the whole document), NEL inside a double-quoted scalar
 * is a line break that folds to a space, LS and PS are line breaks too (PyYAML's reader.py
 * NON_PRINTABLE, scanner.py scan_line_break). They only occur inside strings, where `\uXXXX` is the
 * same character to JSON and to YAML alike. (Characters beyond U+FFFF stay as they are: PyYAML reads
 * them, and would read an escaped surrogate pair as two lone surrogates.)
 */
const PYYAML_UNSAFE = /[\u007f-\u009f\u2028\u2029\ufffe\uffff]/g;

function pyyamlEscape(c: string): string {
  return `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`;
}

/**
 * One `write_files` entry with its content base64-encoded (`encoding: b64`). cloud-init reads user data
 * with PyYAML (YAML 1.1), which breaks lines at NEL, LS and PS as well as at \n and \r, where the YAML 1.2
 * library that writes it does not: plain text could be re-split by the reader into extra arguments or env
 * lines. Base64 has no character any YAML reader treats specially, and cloud-init decodes it byte for byte
 * (cloud-init's cloudinit/config/cc_write_files.py: `canonicalize_extraction`, `extract_contents`).
 */
export function writeFile(file: { path: string; permissions: string; content: string }): { path: string; permissions: string; encoding: "b64"; content: string } {
  return { path: file.path, permissions: file.permissions, encoding: "b64", content: Buffer.from(file.content, "utf8").toString("base64") };
}

/**
 * The user data as EC2 takes it: the cloud-config text when it fits EC2's 16 KB, else gzip-compressed
 * (cloud-init recognises gzip), in `userDataBase64`. Plain text keeps `pulumi preview` diffs readable.
 */
export function userDataFor(text: string): { userData: string } | { userDataBase64: string } {
  if (Buffer.byteLength(text, "utf8") <= USER_DATA_LIMIT) return { userData: text };
  return { userDataBase64: compressedUserData.get(text, gzipUserData) };
}

/** Compressed user data by text (gzip at level 9 is most of rendering a host). */
const compressedUserData = textCache<string>(8192);

function gzipUserData(text: string): string {
  const zipped = gzipSync(Buffer.from(text, "utf8"), { level: 9 });
  if (zipped.length > USER_DATA_LIMIT) {
    // What a stack controls here is the runtimes manifest (one env line per container on every host);
    // everything else the host gets is generated and small.
    throw new Error(
      `the host's user data is ${zipped.length} bytes gzip-compressed, more than EC2's ${USER_DATA_LIMIT}: ` +
        `shorten openwhisk:runtimesManifest (written on every controller and invoker host; upstream's ansible/files/runtimes.json is about 4000 characters)`,
    );
  }
  return zipped.toString("base64");
}
