/**
 * family: nodes the pack cannot read
 * expect: pass
 * Team "scaup" (2.0.0) runs its controllers and invokers as Docker Swarm services (`docker.Service`), not
 * containers: swarm places the tasks and gives each one an address of its choosing. The pack reads nodes
 * from containers and EC2 hosts, so it names each service as an advisory (openwhisk-node-not-checked)
 * instead of passing it in silence, and rejects nothing on a guess.
 */
import * as docker from "@pulumi/docker";

const net = new docker.Network("scaup", { name: "scaup", driver: "overlay", attachable: true });
new docker.Service("scaup-controller", {
  name: "controller",
  mode: { replicated: { replicas: 3 } },
  taskSpec: {
    containerSpec: {
      image: "openwhisk/controller:2.0.0",
      args: ["/init.sh", "0"],
      env: { CONFIG_akka_actor_provider: "cluster", CONFIG_akka_cluster_seedNodes_0: "akka://controller-actor-system@controller:2551" },
    },
    networksAdvanceds: [{ name: net.id }],
  },
});
new docker.Service("scaup-invoker", {
  name: "invoker",
  mode: { global: true },
  taskSpec: {
    containerSpec: { image: "openwhisk/invoker:2.0.0", env: { CONFIG_whisk_docker_containerFactory_useRunc: "false" } },
    networksAdvanceds: [{ name: net.id }],
  },
});
