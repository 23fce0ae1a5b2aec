/**
 * family: nodes the pack cannot read
 * expect: pass
 * Team "alder" (2.0.0) runs its controllers as an ECS task definition (the image and env inside
 * `containerDefinitions` JSON) and starts one more controller over SSH with a `command:remote:Command`
 * on a host it does not manage here. Neither is a resource type the pack reads as a node: each is named
 * (openwhisk-node-not-checked, advisory), and nothing is rejected on a guess.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

class RemoteCommand extends pulumi.CustomResource {
  constructor(name: string, props: pulumi.Inputs) {
    super("command:remote:Command", name, props);
  }
}
const cluster = new aws.ecs.Cluster("alder", {});
const task = new aws.ecs.TaskDefinition("alder-controller", {
  family: "alder-controller",
  networkMode: "awsvpc",
  requiresCompatibilities: ["EC2"],
  cpu: "1024",
  memory: "2048",
  containerDefinitions: JSON.stringify([{
    name: "controller",
    image: "openwhisk/controller:2.0.0",
    command: ["/init.sh", "0"],
    portMappings: [{ containerPort: 2551 }, { containerPort: 8080 }],
    environment: [
      { name: "CONFIG_akka_actor_provider", value: "cluster" },
      { name: "CONFIG_akka_remote_artery_canonical_port", value: "2551" },
    ],
  }]),
});
new aws.ecs.Service("alder-controller", { cluster: cluster.arn, taskDefinition: task.arn, desiredCount: 3 });
new RemoteCommand("alder-controller-3", {
  connection: { host: "10.98.1.13", user: "ops" },
  create: "docker run -d --name controller -e CONFIG_akka_actor_provider=cluster -e CONFIG_akka_cluster_seedNodes_0=akka://controller-actor-system@10.98.1.13:2551 acme.example/mirror/openwhisk/controller:2.0.0 /init.sh 3",
});
