/**
 * cloud-init user data that runs rendered ContainerSpecs on an EC2 host: one env file and one
 * systemd unit per container, so `pulumi up` needs no SSH path to the hosts. Secrets are not in the
 * user data: each unit fetches them from SSM Parameter Store (SecureString) at start.
 * Pure: the same specs always give the same text, and the text is known at preview.
 */
import { stringify } from "yaml";
import type { ContainerSpec } from "./containerSpec";
import { isSecretFile, isSecretRef } from "./containerSpec";

export const ENV_DIR = "/etc/openwhisk";

export interface CloudInitArgs {
  specs: ContainerSpec[];
  /** SSM parameter path prefix holding the secrets, e.g. /openwhisk/prod/. */
  secretPrefix: string;
  region: string;
}

export function unitName(spec: ContainerSpec): string {
  return `openwhisk-${spec.name}.service`;
}

/** The non-secret env of a container as a docker --env-file. */
export function envFile(spec: ContainerSpec): string {
  return (
    Object.entries(spec.env)
      .filter(([, v]) => !isSecretRef(v))
      .map(([k, v]) => `${k}=${v as string}`)
      .join("\n") + "\n"
  );
}

/** Where the secrets script writes a file made from a secret (host side; mounted read-only). */
export function secretFileHostPath(spec: ContainerSpec, containerPath: string): string {
  return `/run/openwhisk/files/${spec.name}${containerPath}`;
}

function secretsScript(spec: ContainerSpec, args: CloudInitArgs): string {
  const lines = ["#!/bin/sh", "set -eu", `out=/run/openwhisk/${spec.name}.secrets.env`, "mkdir -p /run/openwhisk", "umask 077", ': > "$out"'];
  const read = (name: string) => `"$(aws ssm get-parameter --region ${args.region} --with-decryption --name ${args.secretPrefix}${name} --query Parameter.Value --output text)"`;
  for (const [k, v] of Object.entries(spec.env)) {
    if (!isSecretRef(v)) continue;
    lines.push(`printf '%s=%s\\n' ${k} ${read(v.secret)} >> "$out"`);
  }
  for (const f of spec.files) {
    if (!isSecretFile(f.content)) continue;
    const path = secretFileHostPath(spec, f.containerPath);
    lines.push(`mkdir -p "$(dirname ${path})"`, `printf '%s%s%s' '${f.content.before}' ${read(f.content.secret)} '${f.content.after.replace(/\n/g, "\\n")}' > ${path}`);
  }
  return lines.join("\n") + "\n";
}

export function dockerRunCommand(spec: ContainerSpec): string {
  const parts = ["/usr/bin/docker run --rm", `--name ${spec.name}`, `--hostname ${spec.hostname}`];
  parts.push(`--env-file ${ENV_DIR}/${spec.name}.env`, `--env-file /run/openwhisk/${spec.name}.secrets.env`);
  for (const p of spec.ports) parts.push(`-p ${p.external ?? p.internal}:${p.internal}`);
  for (const v of spec.volumes) parts.push(`-v ${v.hostPath}:${v.containerPath}${v.readOnly ? ":ro" : ""}`);
  for (const f of spec.files) {
    const host = isSecretFile(f.content) ? secretFileHostPath(spec, f.containerPath) : `${ENV_DIR}/files/${spec.name}${f.containerPath}`;
    parts.push(`-v ${host}:${f.containerPath}:ro`);
  }
  for (const [k, v] of Object.entries(spec.labels)) parts.push(`--label ${k}=${v}`);
  if (spec.privileged) parts.push("--privileged");
  if (spec.pidMode) parts.push(`--pid ${spec.pidMode}`);
  if (spec.usernsMode) parts.push(`--userns ${spec.usernsMode}`);
  if (spec.healthCheck) {
    parts.push(`--health-cmd '${spec.healthCheck.test.slice(1).join(" ")}'`, `--health-interval ${spec.healthCheck.interval}`, `--health-retries ${spec.healthCheck.retries}`);
  }
  parts.push(spec.image, ...spec.command.map((c) => (/\s/.test(c) ? `'${c}'` : c)));
  return parts.join(" ");
}

function unit(spec: ContainerSpec, all: ContainerSpec[]): string {
  const onHost = spec.dependsOn.map((d) => all.find((s) => s.name === d)).filter((d): d is ContainerSpec => d !== undefined);
  // Services are ordered with After/Wants. A one-shot job (the database init) is started by the unit
  // itself and must succeed first: a failure fails this start, and Restart= tries both again later.
  const services = onHost.filter((d) => !d.oneShot).map(unitName);
  const jobs = onHost.filter((d) => d.oneShot).map(unitName);
  return [
    "[Unit]",
    `Description=OpenWhisk ${spec.role} ${spec.name}`,
    `After=docker.service network-online.target ${services.join(" ")}`.trim(),
    "Requires=docker.service",
    ...(services.length ? [`Wants=${services.join(" ")}`] : []),
    "",
    "[Service]",
    spec.oneShot ? "Type=oneshot\nRemainAfterExit=yes\nTimeoutStartSec=900" : "Restart=always\nRestartSec=5",
    ...jobs.map((j) => `ExecStartPre=/usr/bin/systemctl start ${j}`),
    `ExecStartPre=-/usr/bin/docker rm -f ${spec.name}`,
    `ExecStartPre=/usr/local/bin/openwhisk-secrets-${spec.name}`,
    `ExecStartPre=/usr/bin/docker pull ${spec.image}`,
    `ExecStart=${dockerRunCommand(spec)}`,
    "",
    "[Install]",
    "WantedBy=multi-user.target",
    "",
  ].join("\n");
}

export function renderCloudInit(args: CloudInitArgs): string {
  const files: Array<{ path: string; permissions: string; content: string }> = [];
  for (const spec of args.specs) {
    files.push({ path: `${ENV_DIR}/${spec.name}.env`, permissions: "0644", content: envFile(spec) });
    for (const f of spec.files) {
      if (!isSecretFile(f.content)) files.push({ path: `${ENV_DIR}/files/${spec.name}${f.containerPath}`, permissions: f.mode ?? "0644", content: f.content });
    }
    files.push({ path: `/usr/local/bin/openwhisk-secrets-${spec.name}`, permissions: "0755", content: secretsScript(spec, args) });
    files.push({ path: `/etc/systemd/system/${unitName(spec)}`, permissions: "0644", content: unit(spec, args.specs) });
  }
  const doc = {
    packages: ["docker"],
    write_files: files,
    runcmd: [
      ["systemctl", "enable", "--now", "docker"],
      ["mkdir", "-p", ...args.specs.flatMap((s) => s.volumes.filter((v) => v.hostPath.startsWith("/var/tmp/")).map((v) => v.hostPath))],
      ["systemctl", "daemon-reload"],
      ["systemctl", "enable", "--now", "--no-block", ...args.specs.map(unitName)],
    ],
  };
  return `#cloud-config\n${stringify(doc, { lineWidth: 0 })}`;
}
