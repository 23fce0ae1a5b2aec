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
  // Production pins every image by digest and the AMI (as stacks/Pulumi.prod.yaml does; placeholder digests).
  release: {
    flavor: "pekko",
    controllerImage: "openwhisk/controller:1fae641@sha256:67768f25faf0ef45a542014941ec8f83ebda23d03d2149ce9b1c3d8eab63b5e1",
    invokerImage: "openwhisk/invoker:1fae641@sha256:d6d4fd839284efcebc3a76f4c43d1652d62097f556280d8336aed438b5de556f",
  },
  services: {
    images: {
      zookeeper: "zookeeper:3.8.4@sha256:d85163bbbc634f4c427ee1f811e16a88ea6cb48fe445fcfb1bca353decce14ed",
      kafka: "wurstmeister/kafka:2.13-2.8.1@sha256:e750f84c787996cea15e248af8e7cead2661409de8091e74e961023f871b56ab",
      couchdb: "apache/couchdb:3.3.3@sha256:911f6d9b6132810ae20ade77ea281b5ff36df0b78b3c7c038b3aaee655d078e0",
      nginx: "nginx:1.27@sha256:e9f832a7bc72effa383a912f203095978050674992060bb3fa06e343b226a64a",
      init: "curlimages/curl:8.10.1@sha256:f347ba47f7f3eb637c8f0c43dd1d3ebb04666bda0d94f7110896ebe198d15c8d",
    },
  },
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
    amiId: "ami-0123456789abcdef0",
    instanceTypes: { controller: "m6i.xlarge", invoker: "m6i.2xlarge", core: "m6i.xlarge" },
    adminCidrs: ["10.50.0.0/16"],
    edgeCidrs: ["10.0.0.0/8"],
    protectAddresses: true,
  },
});

exports.seedNodes = cluster.seedNodes;
