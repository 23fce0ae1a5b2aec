// A consumer as another team writes it: plain JavaScript, plain @pulumi/pulumi, the library installed
// from its npm tarball, the component's documented arguments written out (the same cluster as this
// repository's `local` stack), no helpers from this repository.
"use strict";
const pulumi = require("@pulumi/pulumi");
const { OpenWhiskCluster } = require("openwhisk-static-cluster");

const cluster = new OpenWhiskCluster("openwhisk", {
  stack: pulumi.getStack(),
  target: "docker",
  environment: "development",
  release: {
    flavor: "pekko",
    controllerImage: "openwhisk/controller:nightly",
    invokerImage: "openwhisk/invoker:nightly",
  },
  controllers: {
    count: 2,
    seeds: 2,
    remotingPort: 2551,
    heap: "1g",
    downing: { mode: "auto", after: "10s", strategy: "keep-majority" },
  },
  invokers: { count: 1, useRunc: false, userMemory: "2048m", heap: "1g" },
  docker: {
    networkName: "openwhisk",
    subnet: "172.30.0.0/24",
    controllerAddresses: ["172.30.0.10", "172.30.0.11"],
    edgePort: 3233,
  },
});

exports.seedNodes = cluster.seedNodes;
exports.controllers = cluster.addresses.map((a) => `${a.name} ${a.privateIp} ${a.dnsName}:${a.port}${a.seed ? " seed" : ""}`);
