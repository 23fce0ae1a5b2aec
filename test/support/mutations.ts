/**
 * Constraint violations applied to the resources a stack registered (what the policies read): each
 * breaks one constraint the way a hand edit or a bad refactor would, and names the policy that must
 * reject it and the others that may follow from the same break.
 */
import { gunzipSync, gzipSync } from "node:zlib";
import { parse as parseYaml, stringify as stringifyYaml } from "yaml";
import { CLUSTER_KEYS, RUNC_KEY, runcKeyFor, SHARDING_BALANCER, type Flavor } from "../../components/plan/flavors";
import type { RegisteredResource } from "../../cli/offline/runProgram";
import type { ConfigParams } from "./arbitraries";

export interface Mutation {
  name: string;
  /** The policy that must fire. */
  expected: string;
  /** Mandatory policies that may fire as well, as consequences of the same break. */
  allowed: string[];
  applies(p: ConfigParams): boolean;
  apply(resources: RegisteredResource[], p: ConfigParams): void;
}

const CONTAINER = "docker:index/container:Container";
const INSTANCE = "aws:ec2/instance:Instance";

function declared(r: RegisteredResource, key: string): string | undefined {
  const labels = r.outputs.labels as { label: string; value: string }[] | undefined;
  if (Array.isArray(labels)) return labels.find((l) => l.label === `openwhisk.${key}`)?.value;
  return (r.outputs.tags as Record<string, string> | undefined)?.[`openwhisk:${key}`];
}

export function nodes(resources: RegisteredResource[], role: "controller" | "invoker"): RegisteredResource[] {
  return resources
    .filter((r) => (r.type === CONTAINER || r.type === INSTANCE) && declared(r, "role") === role)
    .sort((a, b) => Number(declared(a, "index")) - Number(declared(b, "index")));
}

/** Edits a node's env in place, whether docker `envs` or env-file lines in instance user data. */
export function editEnv(r: RegisteredResource, edit: (env: Map<string, string>) => void): void {
  if (r.type === CONTAINER) {
    const entries = r.outputs.envs as string[];
    const env = new Map<string, string>();
    for (const e of entries) if (e.includes("=")) env.set(e.slice(0, e.indexOf("=")), e.slice(e.indexOf("=") + 1));
    edit(env);
    r.outputs = { ...r.outputs, envs: [...env].map(([k, v]) => `${k}=${v}`) };
    return;
  }
  // User data over EC2's 16 KB is gzip-compressed in userDataBase64 (cloudInit.userDataFor); every written
  // file is base64 (`encoding: b64`, cloudInit.writeFile). The node's env files are edited as written on disk.
  const zipped = r.outputs.userDataBase64 !== undefined;
  // userDataBase64 is gzip-compressed when it starts with gzip's magic bytes, else plain text in base64.
  const bytes = zipped ? Buffer.from(String(r.outputs.userDataBase64), "base64") : undefined;
  const gzipped = !!bytes && bytes[0] === 0x1f && bytes[1] === 0x8b;
  const text = bytes ? (gzipped ? gunzipSync(bytes) : bytes).toString("utf8") : String(r.outputs.userData);
  const doc = parseYaml(text.replace(/^#cloud-config\n/, ""));
  const files = doc.write_files as Array<{ path: string; content: string; encoding?: string }>;
  const envFiles = files.filter((f) => /^\/etc\/openwhisk\/[^/]+\.env$/.test(f.path));
  const read = (f: { content: string; encoding?: string }) => (f.encoding === "b64" ? Buffer.from(f.content, "base64").toString("utf8") : f.content);
  const env = new Map<string, string>();
  for (const f of envFiles) for (const line of read(f).split("\n")) if (line.includes("=")) env.set(line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1));
  const before = new Map(env);
  edit(env);
  envFiles.forEach((f, i) => {
    const out: string[] = [];
    for (const line of read(f).split("\n")) {
      const key = line.includes("=") ? line.slice(0, line.indexOf("=")) : undefined;
      if (key === undefined || !before.has(key)) out.push(line);
      else if (env.has(key)) out.push(`${key}=${env.get(key)}`);
    }
    // New keys go to the last env file: the node's own (a controller host writes the database init's first).
    if (i === envFiles.length - 1) {
      const added = [...env].filter(([k]) => !before.has(k)).map(([k, v]) => `${k}=${v}`);
      if (out[out.length - 1] === "") out.splice(out.length - 1, 0, ...added);
      else out.push(...added);
    }
    const content = out.join("\n");
    f.content = f.encoding === "b64" ? Buffer.from(content, "utf8").toString("base64") : content;
  });
  const edited = `#cloud-config\n${stringifyYaml(doc, { lineWidth: 0 })}`;
  r.outputs = zipped
    ? { ...r.outputs, userDataBase64: (gzipped ? gzipSync(Buffer.from(edited, "utf8")) : Buffer.from(edited, "utf8")).toString("base64") }
    : { ...r.outputs, userData: edited };
}

function setDeclared(r: RegisteredResource, key: string, value: string): void {
  if (r.type === CONTAINER) {
    const labels = (r.outputs.labels as { label: string; value: string }[]).filter((l) => l.label !== `openwhisk.${key}`);
    r.outputs = { ...r.outputs, labels: [...labels, { label: `openwhisk.${key}`, value }] };
  } else r.outputs = { ...r.outputs, tags: { ...(r.outputs.tags as Record<string, string>), [`openwhisk:${key}`]: value } };
}

const keys = (f: Flavor) => CLUSTER_KEYS[f];

/** The first seed of a controller's env, and how to write it back. */
function editFirstSeed(env: Map<string, string>, flavor: Flavor, change: (host: string, port: number) => [string, number]): void {
  const k = keys(flavor);
  if (k.seedNodesList) {
    const seeds = env.get(k.seedNodesList)!.split(" ");
    const [host, port] = seeds[0].split(":");
    const [h, p] = change(host, Number(port));
    seeds[0] = `${h}:${p}`;
    env.set(k.seedNodesList, seeds.join(" "));
  } else {
    const key = `${k.seedNodesPrefix}0`;
    const m = /^(.*@)([^:]+):(\d+)$/.exec(env.get(key)!)!;
    const [h, p] = change(m[2], Number(m[3]));
    env.set(key, `${m[1]}${h}:${p}`);
  }
}

export const MUTATIONS: Mutation[] = [
  {
    name: "drop controller 0's fixed IP",
    expected: "controller-static-address",
    allowed: ["seed-nodes-static", "automatic-downing-static-seeds", "manual-downing-endpoint"],
    applies: () => true,
    apply(resources) {
      const c = nodes(resources, "controller")[0];
      if (c.type === CONTAINER) {
        c.outputs = { ...c.outputs, networksAdvanced: (c.outputs.networksAdvanced as Record<string, unknown>[]).map(({ ipv4Address: _, ...rest }) => rest) };
      } else {
        const { primaryNetworkInterface: _, ...rest } = c.outputs;
        c.outputs = { ...rest, subnetId: "subnet-0123" };
        delete c.propertyDependencies.primaryNetworkInterface;
      }
    },
  },
  {
    name: "a seed on the wrong port",
    expected: "remoting-port-consistent",
    allowed: [],
    applies: () => true,
    apply(resources, p) {
      editEnv(nodes(resources, "controller")[0], (env) => editFirstSeed(env, p.flavor, (h, port) => [h, port + 1]));
    },
  },
  {
    name: "remoting port 0",
    expected: "remoting-port-consistent",
    allowed: [],
    applies: () => true,
    apply(resources, p) {
      editEnv(nodes(resources, "controller")[0], (env) => env.set(keys(p.flavor).canonicalPort, "0"));
    },
  },
  {
    name: "a seed that is no static address",
    expected: "seed-nodes-static",
    allowed: ["automatic-downing-static-seeds"],
    applies: () => true,
    apply(resources, p) {
      editEnv(nodes(resources, "controller")[0], (env) => editFirstSeed(env, p.flavor, (_h, port) => ["198.51.100.7", port]));
    },
  },
  {
    name: "the other build family's downing key",
    expected: "downing-keys-match-build",
    allowed: ["manual-downing-endpoint"],
    applies: () => true,
    apply(resources, p) {
      for (const c of nodes(resources, "controller")) {
        editEnv(c, (env) => {
          const k = keys(p.flavor);
          if (k.sbr) {
            for (const key of [...env.keys()]) if (key === k.sbr.providerKey || key.startsWith(`CONFIG_${k.root}_cluster_splitBrainResolver_`)) env.delete(key);
            env.set(`CONFIG_${k.root}_cluster_autoDownUnreachableAfter`, "10s");
          } else {
            if (k.autoDown) env.delete(k.autoDown);
            env.set("CONFIG_akka_cluster_downingProviderClass", "akka.cluster.sbr.SplitBrainResolverProvider");
          }
        });
      }
    },
  },
  {
    name: "a cluster port open to the world",
    expected: "cluster-ports-private",
    allowed: [],
    applies: () => true,
    apply(resources, p) {
      if (p.target === "docker") {
        const c = nodes(resources, "controller")[0];
        c.outputs = { ...c.outputs, ports: [...(c.outputs.ports as unknown[]), { internal: p.remotingPort, external: p.remotingPort }] };
      } else {
        const sg = resources.find((r) => r.type === "aws:ec2/securityGroup:SecurityGroup" && (r.outputs.tags as Record<string, string>)?.["openwhisk:role"] === "controller")!;
        sg.outputs = { ...sg.outputs, ingress: [...(sg.outputs.ingress as unknown[]), { protocol: "tcp", fromPort: p.remotingPort, toPort: p.remotingPort, cidrBlocks: ["0.0.0.0/0"] }] };
      }
    },
  },
  {
    name: "runc on with different host and image versions",
    expected: "invoker-runc-versions",
    allowed: [],
    applies: () => true,
    apply(resources, p) {
      const inv = nodes(resources, "invoker")[0];
      editEnv(inv, (env) => {
        env.set(runcKeyFor(p.flavor), "true");
        env.set(RUNC_KEY.legacy, "true");
      });
      setDeclared(inv, "runc.host-version", "1.1.12");
      setDeclared(inv, "runc.image-version", "1.0.0-rc93");
    },
  },
  {
    name: "the invoker's runc key removed",
    expected: "invoker-runc-key",
    allowed: ["invoker-runc-versions"],
    applies: () => true,
    apply(resources, p) {
      editEnv(nodes(resources, "invoker")[0], (env) => env.delete(runcKeyFor(p.flavor)));
    },
  },
  {
    name: "the sharding balancer removed",
    expected: "sharding-balancer-explicit",
    allowed: [],
    applies: (p) => p.flavor === "akka-2.6" || p.flavor === "pekko",
    apply(resources) {
      editEnv(nodes(resources, "controller")[0], (env) => env.delete(SHARDING_BALANCER.loadBalancerKey));
    },
  },
  {
    name: "two controllers with one name",
    expected: "controller-identity-unique",
    allowed: [],
    applies: (p) => p.count >= 2,
    apply(resources) {
      const [first, second] = nodes(resources, "controller");
      if (second.type === CONTAINER) second.outputs = { ...second.outputs, hostname: first.outputs.hostname };
      else second.outputs = { ...second.outputs, tags: { ...(second.outputs.tags as Record<string, string>), Name: (first.outputs.tags as Record<string, string>).Name } };
    },
  },
  {
    name: "CONTROLLER_INSTANCES off by one",
    expected: "controller-instance-count",
    allowed: [],
    applies: (p) => p.flavor === "legacy-2017",
    apply(resources, p) {
      editEnv(nodes(resources, "controller")[0], (env) => env.set("CONTROLLER_INSTANCES", String(p.count + 1)));
    },
  },
];
