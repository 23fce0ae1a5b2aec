// The same consumer in TypeScript, type-checked against the tarball's declarations only.
import * as pulumi from "@pulumi/pulumi";
import { OpenWhiskCluster, type OpenWhiskClusterArgs, type ControllerSettings } from "openwhisk-static-cluster";

const controllers: ControllerSettings = {
  count: 3,
  seeds: 2,
  remotingPort: 2551,
  downing: { mode: "auto", after: "20s", strategy: "keep-majority" },
};

const args: OpenWhiskClusterArgs = {
  stack: pulumi.getStack(),
  target: "docker",
  release: { flavor: "akka-2.6", controllerImage: "openwhisk/controller:2.0.0", invokerImage: "openwhisk/invoker:2.0.0" },
  controllers,
  invokers: { count: 2, useRunc: false },
  docker: { subnet: "172.31.0.0/24", controllerAddresses: ["172.31.0.10", "172.31.0.11", "172.31.0.12"] },
  secrets: { couchdbPassword: pulumi.secret("from-our-vault-0123456789") },
};

const cluster = new OpenWhiskCluster("openwhisk", args);
export const seedNodes: string[] = cluster.seedNodes;
export const firstSeed: string = cluster.addresses[0].host;
