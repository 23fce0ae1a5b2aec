/** Turns a rendered ContainerSpec into docker.Container arguments: a mapping, no decisions. */
import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import type { ContainerSpec } from "../plan/containerSpec";
import { isFetchedFile, isSecretFile, isSecretRef, type SecretFileContent } from "../plan/containerSpec";
import type { SecretName } from "../config/schema";
import type { SecretValues } from "../secrets";
import { configFileSecrets, configFileText, ENCODED_CONFIG_ENV } from "../plan/jvmConfigFile";

/** `KEY=value` entries; an entry holding a secret is a secret output, the others stay plain and known. */
export function dockerEnvs(spec: ContainerSpec, secrets: SecretValues): pulumi.Input<string>[] {
  // Secret CONFIG_ entries of 1.0.0+ controllers and invokers go in the JVM config file, off its argv (plan/jvmConfigFile.ts).
  const inFile = configFileSecrets(spec);
  const moved = new Set(inFile.map((e) => e.key));
  const envs: pulumi.Input<string>[] = Object.entries(spec.env)
    .filter(([k]) => !moved.has(k))
    .map(([k, v]) => (isSecretRef(v) ? pulumi.secret(pulumi.interpolate`${k}=${secrets[v.secret]}`) : `${k}=${v}`));
  if (inFile.length) {
    const text = pulumi.all(inFile.map((e) => secrets[e.secret])).apply((values) => configFileText(inFile.map((e, i) => ({ property: e.property, value: values[i] }))));
    envs.push(pulumi.secret(pulumi.interpolate`${ENCODED_CONFIG_ENV}=${text.apply((t) => Buffer.from(t, "utf8").toString("base64"))}`));
  }
  return envs;
}

/** On docker every secret file comes from a stack secret (external SSM parameters are an aws-only source). */
function dockerSecret(content: SecretFileContent): SecretName {
  if (!content.secret) throw new Error(`a file from the SSM parameter ${content.parameter} cannot be placed on the docker target`);
  return content.secret;
}

export interface DockerContainerPlacement {
  /** Name of the user-defined network. */
  networkName: pulumi.Input<string>;
  /** Container name prefix (the stack), so two stacks can share an engine. */
  prefix: string;
  /** The image id (from a docker.RemoteImage) to run. */
  image: pulumi.Input<string>;
}

export function dockerContainerArgs(spec: ContainerSpec, secrets: SecretValues, placement: DockerContainerPlacement): docker.ContainerArgs {
  const fetched = spec.files.find((f) => isFetchedFile(f.content));
  // Fetched files (objects too large for user data) exist on aws hosts only; a container gets its files uploaded.
  if (fetched) throw new Error(`${spec.name}: ${fetched.containerPath} is fetched from an object, which only an aws host does`);
  return {
    name: `${placement.prefix}-${spec.name}`,
    image: placement.image,
    hostname: spec.hostname,
    command: spec.command.length ? spec.command : undefined,
    entrypoints: spec.entrypoint ? [spec.entrypoint] : undefined,
    envs: dockerEnvs(spec, secrets),
    networksAdvanced: [
      {
        name: placement.networkName,
        aliases: spec.aliases,
        ...(spec.staticAddress ? { ipv4Address: spec.staticAddress.ip } : {}),
      },
      ...(spec.extraNetworks ?? []).map((n) => ({ name: n.name, ...(n.ipv4Address ? { ipv4Address: n.ipv4Address } : {}), ...(n.aliases?.length ? { aliases: n.aliases } : {}) })),
    ],
    ports: spec.ports.filter((p) => p.external !== undefined).map((p) => ({ internal: p.internal, external: p.external, ...(p.hostIp ? { ip: p.hostIp } : {}) })),
    volumes: spec.volumes.map((v) => ({ hostPath: v.hostPath, containerPath: v.containerPath, readOnly: v.readOnly })),
    uploads: spec.files.map((f) => ({
      file: f.containerPath,
      // A file made from a secret (the JMX password file) is a secret output, like a secret env entry.
      content: isSecretFile(f.content) ? pulumi.secret(pulumi.interpolate`${f.content.before}${secrets[dockerSecret(f.content)]}${f.content.after}`) : (f.content as string),
      ...(f.mode ? { permissions: f.mode } : {}),
    })),
    labels: Object.entries(spec.labels).map(([label, value]) => ({ label, value })),
    restart: spec.oneShot ? "no" : spec.restart,
    privileged: spec.privileged || undefined,
    pidMode: spec.pidMode,
    usernsMode: spec.usernsMode,
    healthcheck: spec.healthCheck
      ? { tests: spec.healthCheck.test, interval: spec.healthCheck.interval, timeout: spec.healthCheck.timeout, retries: spec.healthCheck.retries, startPeriod: spec.healthCheck.startPeriod }
      : undefined,
    // Services: wait until healthy before dependents (the next controller) are touched.
    // One-shot jobs: run to completion (attach) before dependents start.
    ...(spec.oneShot ? { attach: true, mustRun: false, logs: true } : { wait: !!spec.healthCheck, waitTimeout: spec.healthCheck ? 300 : undefined }),
  };
}
