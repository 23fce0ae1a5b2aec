/**
 * Which clustered controllers form one Akka/Pekko cluster: those joined through their seed lists (a seed
 * that is another controller's static address, of the same cluster name and Kafka), and those with the
 * same cluster identity (cluster name and Kafka, `CONFIG_whisk_cluster_name` / `KAFKA_HOSTS`). Two
 * clusters in one stack (blue/green, one per region) are counted and judged separately.
 */
import { clusterIdentity, differentClusters, type ClusterModel } from "./clusterModel";
import { seedsOf, type OpenWhiskNode } from "./openwhiskNodes";

export function groupClusters(model: Pick<ClusterModel, "clustered" | "controllerAt">): OpenWhiskNode[][] {
  const parent = new Map<OpenWhiskNode, OpenWhiskNode>(model.clustered.map((n) => [n, n]));
  const find = (n: OpenWhiskNode): OpenWhiskNode => {
    let root = n;
    while (parent.get(root) !== root) root = parent.get(root)!;
    parent.set(n, root);
    return root;
  };
  const union = (a: OpenWhiskNode, b: OpenWhiskNode) => parent.set(find(a), find(b));
  const byIdentity = new Map<string, OpenWhiskNode>();
  for (const node of model.clustered) {
    const id = clusterIdentity(node);
    const key = JSON.stringify([id.name ?? null, id.kafka ?? null]);
    const same = byIdentity.get(key);
    if (same) union(node, same);
    else byIdentity.set(key, node);
  }
  for (const node of model.clustered) {
    for (const seed of seedsOf(node)) {
      const owner = seed.host !== undefined ? model.controllerAt(seed.host, node, seed.port) : undefined;
      if (owner && owner !== node && parent.has(owner) && !differentClusters(node, owner)) union(node, owner);
    }
  }
  const groups = new Map<OpenWhiskNode, OpenWhiskNode[]>();
  for (const node of model.clustered) {
    const root = find(node);
    const list = groups.get(root);
    if (list) list.push(node);
    else groups.set(root, [node]);
  }
  return [...groups.values()];
}

/** How a cluster is named in a message: its cluster name, else its controllers. */
export function clusterLabel(cluster: OpenWhiskNode[]): string {
  const name = clusterIdentity(cluster[0]).name;
  return name ? `cluster ${name} (${cluster.map((n) => n.name).join(", ")})` : `the cluster of ${cluster.map((n) => n.name).join(", ")}`;
}
