/** Which secrets each kind of host needs: those its containers' env and files refer to, nothing more. */
import type { SecretName, StackConfig } from "../config/schema";
import { isSecretFile, isSecretRef, type ContainerSpec } from "./containerSpec";
import { renderStack } from "./renderStack";

export type HostKind = "core" | "controller" | "invoker";

export function secretsOf(specs: ContainerSpec[]): SecretName[] {
  const out = new Set<SecretName>();
  for (const s of specs) {
    for (const v of Object.values(s.env)) if (isSecretRef(v)) out.add(v.secret);
    for (const f of s.files) if (isSecretFile(f.content)) out.add(f.content.secret);
  }
  return [...out].sort();
}

/** aws: the core host runs the core services; a controller host the database init and its controller; an invoker host its invoker. */
export function hostSecrets(config: StackConfig, stack: string): Record<HostKind, SecretName[]> {
  const nodes = renderStack(config, stack).nodes;
  return {
    core: secretsOf(nodes.filter((n) => ["zookeeper", "kafka", "couchdb", "edge"].includes(n.role))),
    controller: secretsOf(nodes.filter((n) => n.role === "controller" || n.role === "initdb")),
    invoker: secretsOf(nodes.filter((n) => n.role === "invoker")),
  };
}
