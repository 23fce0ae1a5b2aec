// An aws consumer as another team writes it: plain JavaScript, the library installed from its npm
// tarball, the documented arguments written out (the same cluster as this repository's `prod` stack).
// Its roll-out gates are dynamic resources: Pulumi serializes their provider from node_modules.
"use strict";
const pulumi = require("@pulumi/pulumi");
const { OpenWhiskCluster } = require("openwhisk-static-cluster");

const cluster = new OpenWhiskCluster("openwhisk", {
  stack: pulumi.getStack(),
  target: "aws",
  environment: "production",
  release: { flavor: "pekko", controllerImage: "openwhisk/controller:nightly", invokerImage: "openwhisk/invoker:nightly" },
  controllers: { count: 3, seeds: 3, remotingPort: 2551, heap: "4g", downing: { mode: "auto", after: "20s", strategy: "keep-majority" } },
  invokers: { count: 4, useRunc: true, runc: { hostVersion: "1.1.12", imageVersion: "1.1.12" }, userMemory: "8192m", heap: "2g" },
  aws: {
    region: "eu-west-1",
    vpcCidr: "10.50.0.0/16",
    subnets: [
      { cidr: "10.50.1.0/24", availabilityZone: "eu-west-1a" },
      { cidr: "10.50.2.0/24", availabilityZone: "eu-west-1b" },
      { cidr: "10.50.3.0/24", availabilityZone: "eu-west-1c" },
    ],
    controllerAddresses: ["10.50.1.10", "10.50.2.10", "10.50.3.10"],
    privateSubnets: [
      { cidr: "10.50.11.0/24", availabilityZone: "eu-west-1a" },
      { cidr: "10.50.12.0/24", availabilityZone: "eu-west-1b" },
      { cidr: "10.50.13.0/24", availabilityZone: "eu-west-1c" },
    ],
    coreAddress: "10.50.11.5",
    edgeTls: {
      serverName: "api.prod.openwhisk.example.com",
      certificateParameter: "/openwhisk/prod/edge/tls-certificate",
      keyParameter: "/openwhisk/prod/edge/tls-key",
    },
    zoneName: "prod.openwhisk.internal",
    instanceTypes: { controller: "m6i.xlarge", invoker: "m6i.2xlarge", core: "m6i.xlarge" },
    adminCidrs: ["10.50.0.0/16"],
    edgeCidrs: ["10.0.0.0/8"],
    protectAddresses: true,
  },
});

exports.seedNodes = cluster.seedNodes;
