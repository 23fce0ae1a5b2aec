/** The stack program: config -> validation -> OpenWhiskCluster. `pulumi up -s <stack>` runs this. */
import * as pulumi from "@pulumi/pulumi";
import { OpenWhiskCluster } from "../components/openWhiskCluster";
import { readProgramConfig } from "./config";
import { configToSettings } from "../components/settings";

const { config, secrets } = readProgramConfig();
// The stack config, mapped to the component's arguments (settings.ts), with the stack's name and secrets.
const cluster = new OpenWhiskCluster("openwhisk", { ...configToSettings(config), stack: pulumi.getStack(), secrets });

export const target = config.target;
export const flavor = config.release.flavor;
export const controllers = cluster.addresses.map((a) => ({ name: a.name, ip: a.privateIp, dnsName: a.dnsName, port: a.port, seed: a.seed }));
export const seedNodes = cluster.seedNodes;
export const seedPublicIps = cluster.seedPublicIps;
