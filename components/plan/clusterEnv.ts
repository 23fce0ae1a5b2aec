/**
 * The controller's cluster env in the flavour's keys: actor provider, seed nodes (from the static
 * addresses handed in, and nothing else), canonical and bind host/port, downing, management/JMX.
 */
import type { StackConfig } from "../config/schema";
import { parseDuration } from "../config/durations";
import { CLUSTER_KEYS, seedUri } from "./flavors";
import type { StaticAddress } from "./seedAddresses";
import { seedNodes } from "./seedAddresses";

/** Port the remoting layer binds inside the container; equal to the advertised port (see README). */
export function clusterEnv(config: StackConfig, self: StaticAddress, addresses: StaticAddress[]): Record<string, string> {
  const { flavor } = config.release;
  const keys = CLUSTER_KEYS[flavor];
  const port = self.port;
  const seeds = seedNodes(addresses).map((a) => seedUri(flavor, a.host, a.port));
  const env: Record<string, string> = {
    [keys.actorProvider]: "cluster",
    [keys.canonicalHostname]: self.host,
    [keys.canonicalPort]: String(port),
    [keys.bindPort]: String(port),
  };
  if (keys.bindHostname) env[keys.bindHostname] = "0.0.0.0";
  if (keys.seedNodesList) env[keys.seedNodesList] = seeds.join(" ");
  else seeds.forEach((uri, i) => (env[`${keys.seedNodesPrefix}${i}`] = uri));

  const downing = config.controllers.downing;
  if (downing.mode === "auto") {
    const after = parseDuration(downing.after)!.text;
    if (keys.autoDown) env[keys.autoDown] = after;
    if (keys.sbr) {
      env[keys.sbr.providerKey] = keys.sbr.providerClass;
      env[keys.sbr.strategy] = downing.strategy ?? "keep-majority";
      env[keys.sbr.stableAfter] = after;
    }
  } else if (downing.via === "http" && keys.management) {
    env[keys.management.hostname] = self.host;
    env[keys.management.port] = String(downing.port);
    env[keys.management.bindHostname] = "0.0.0.0";
    env[keys.management.bindPort] = String(downing.port);
    env[keys.management.readOnly] = "false";
  } else if (downing.via === "jmx") {
    env.JMX_REMOTE = "true";
  }
  return env;
}

/** JVM flags for JMX remote (manual downing via jmx): fixed JMX and RMI ports, advertised host. */
export function jmxOpts(host: string, port: number): string {
  return [
    "-Dcom.sun.management.jmxremote",
    `-Dcom.sun.management.jmxremote.port=${port}`,
    `-Dcom.sun.management.jmxremote.rmi.port=${port + 1}`,
    "-Dcom.sun.management.jmxremote.authenticate=false",
    "-Dcom.sun.management.jmxremote.ssl=false",
    `-Djava.rmi.server.hostname=${host}`,
  ].join(" ");
}
