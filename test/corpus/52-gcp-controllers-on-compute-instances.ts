/**
 * family: nodes the pack cannot read
 * expect: pass
 * Team "larch" (master) runs its three controllers on GCP Compute Engine instances started by a metadata
 * startup script, and its invokers as a Kubernetes Deployment. The pack reads nodes from docker containers
 * and EC2 instances, launch templates and launch configurations only, so it cannot judge these: it names
 * each one as an advisory (openwhisk-node-not-checked), never a mandatory violation, and never passes in
 * silence. The resources are declared by their provider type, as the gcp and kubernetes SDKs register them.
 */
import * as pulumi from "@pulumi/pulumi";

class Foreign extends pulumi.CustomResource {
  constructor(type: string, name: string, props: pulumi.Inputs) {
    super(type, name, props);
  }
}
const ips = ["10.128.0.10", "10.128.0.11", "10.128.0.12"];
ips.forEach((ip, i) => {
  const address = new Foreign("gcp:compute/address:Address", `larch-ip-${i}`, { addressType: "INTERNAL", address: ip, subnetwork: "default" });
  new Foreign("gcp:compute/instance:Instance", `larch-controller-${i}`, {
    machineType: "e2-standard-4",
    zone: "europe-west1-b",
    networkInterfaces: [{ network: "default", networkIp: address.id }],
    metadataStartupScript: [
      "#!/bin/sh",
      "docker run -d --name controller --network host \\",
      "  -e CONFIG_pekko_actor_provider=cluster \\",
      `  -e CONFIG_pekko_remote_artery_canonical_hostname=${ip} -e CONFIG_pekko_remote_artery_canonical_port=2551 \\`,
      ...ips.map((s, j) => `  -e CONFIG_pekko_cluster_seedNodes_${j}=pekko://controller-actor-system@${s}:2551 \\`),
      `  openwhisk/controller:1fae641 /init.sh ${i}`,
    ].join("\n"),
  });
});
new Foreign("kubernetes:apps/v1:Deployment", "larch-invokers", {
  metadata: { name: "invoker" },
  spec: {
    replicas: 2,
    template: {
      spec: {
        containers: [{
          name: "invoker",
          image: "openwhisk/invoker:1fae641",
          env: [{ name: "CONFIG_whisk_docker_containerFactory_useRunc", value: "false" }],
        }],
      },
    },
  },
});
