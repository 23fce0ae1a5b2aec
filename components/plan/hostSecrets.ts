/** Which secrets each kind of host needs: those its containers' env and files refer to, nothing more. */
import type { SecretName, StackConfig } from "../config/schema";
import { isSecretFile, isSecretRef, type ContainerSpec } from "./containerSpec";
import { renderStack } from "./renderStack";

export type HostKind = "core" | "controller" | "invoker";

export function secretsOf(specs: ContainerSpec[]): SecretName[] {
  const out = new Set<SecretName>();
  for (const s of specs) {
    for (const v of Object.values(s.env)) if (isSecretRef(v)) out.add(v.secret);
    for (const f of s.files) if (isSecretFile(f.content) && f.content.secret) out.add(f.content.secret);
  }
  return [...out].sort();
}

/** SSM parameters the stack does not own that a kind of host reads (the edge's TLS certificate and key). */
export function externalParametersOf(specs: ContainerSpec[]): string[] {
  const out = new Set<string>();
  for (const s of specs) for (const f of s.files) if (isSecretFile(f.content) && f.content.parameter) out.add(f.content.parameter);
  return [...out].sort();
}

/** aws: the core host runs the core services; a controller host the database init and its controller; an invoker host its invoker. */
export function hostSpecs(config: StackConfig, stack: string): Record<HostKind, ContainerSpec[]> {
  const nodes = renderStack(config, stack).nodes;
  return {
    core: nodes.filter((n) => ["zookeeper", "kafka", "couchdb", "edge"].includes(n.role)),
    controller: nodes.filter((n) => n.role === "controller" || n.role === "initdb"),
    invoker: nodes.filter((n) => n.role === "invoker"),
  };
}

export interface HostReads {
  secrets: SecretName[];
  parameters: string[];
}

export function hostSecrets(config: StackConfig, stack: string): Record<HostKind, HostReads> {
  const specs = hostSpecs(config, stack);
  const reads = (s: ContainerSpec[]) => ({ secrets: secretsOf(s), parameters: externalParametersOf(s) });
  return { core: reads(specs.core), controller: reads(specs.controller), invoker: reads(specs.invoker) };
}
