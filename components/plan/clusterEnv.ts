/**
 * The controller's cluster env in the flavour's keys: actor provider, seed nodes (from the static
 * addresses handed in, and nothing else), canonical and bind host/port, downing, management/JMX.
 */
import type { StackConfig } from "../config/schema";
import { parseDuration } from "../config/durations";
import { CLUSTER_KEYS, seedUri } from "./flavors";
import type { StaticAddress } from "./seedAddresses";
import { seedOrderFor, supervisorEnabled } from "./supervisedSeeds";

/**
 * The controller's cluster env. The bind port equals the advertised port (see README). legacy-2017 binds
 * to `${?CONTAINER_IP}` (its application.conf), which its command exports; later builds bind 0.0.0.0.
 */
export function clusterEnv(config: StackConfig, self: StaticAddress, addresses: StaticAddress[]): Record<string, string> {
  const { flavor } = config.release;
  const keys = CLUSTER_KEYS[flavor];
  const port = self.port;
  // With the downing supervisor on, the others come first (supervisedSeeds.ts): only a verified cold start forms a cluster.
  const seeds = seedOrderFor(addresses, self.index, supervisorEnabled(config)).map((a) => seedUri(flavor, a.host, a.port));
  const env: Record<string, string> = {
    [keys.actorProvider]: "cluster",
    [keys.canonicalHostname]: self.host,
    [keys.canonicalPort]: String(port),
    [keys.bindPort]: String(port),
  };
  if (keys.bindHostname) env[keys.bindHostname] = "0.0.0.0";
  if (keys.seedNodesList) env[keys.seedNodesList] = seeds.join(" ");
  else seeds.forEach((uri, i) => (env[`${keys.seedNodesPrefix}${i}`] = uri));
  // With the supervisor's seed order no controller ever heads its own list, so every one of them waits
  // in the seed-join process until the supervisor forms the cluster. 2.0.0 and master stop a node that
  // has not joined within 60s (flavors.ts shutdownAfterUnsuccessfulJoin): a cold start slower than that
  // (aws hosts booting minutes apart, a long stableAfter) would leave the controllers shut down. `off`
  // makes them wait as long as it takes (Akka ClusterSettings.scala at v2.6.12 accepts "off").
  if (supervisorEnabled(config) && keys.shutdownAfterUnsuccessfulJoin) env[keys.shutdownAfterUnsuccessfulJoin] = "off";

  const downing = config.controllers.downing;
  if (downing.mode === "auto") {
    const after = parseDuration(downing.after)!.text;
    if (keys.autoDown) env[keys.autoDown] = after;
    if (keys.sbr) {
      const strategy = downing.strategy ?? "keep-majority";
      env[keys.sbr.providerKey] = keys.sbr.providerClass;
      env[keys.sbr.strategy] = strategy;
      env[keys.sbr.stableAfter] = after;
      if (strategy === "static-quorum" && downing.quorumSize !== undefined) env[keys.sbr.quorumSize] = String(downing.quorumSize);
      if (strategy === "lease-majority" && downing.leaseImplementation) env[keys.sbr.leaseImplementation] = downing.leaseImplementation;
    }
  }
  // Manual downing is JMX (jmx.ts): JVM flags in CONTROLLER_OPTS, not cluster keys.
  return env;
}
