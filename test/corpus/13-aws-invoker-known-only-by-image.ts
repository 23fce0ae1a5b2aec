/**
 * family: nodes the model never sees
 * expect: reject invoker-runc-key, invoker-runc-versions, sharding-balancer-explicit
 * Team "mica" (master) starts its invoker from user data with no runc key at all and no role tag: only
 * the image says it is an invoker, and its `nightly` tag that it is master (Pekko). Master reads
 * whisk.docker.container-factory.use-runc (default true): runc stays on, with versions nobody checked;
 * and without InvokerReactive / DefaultInvokerServer it runs the FPC invoker, which the sharding
 * balancer's controllers never use.
 */
import * as aws from "@pulumi/aws";

const vpc = new aws.ec2.Vpc("mica", { cidrBlock: "10.15.0.0/16" });
const subnet = new aws.ec2.Subnet("mica-1", { vpcId: vpc.id, cidrBlock: "10.15.1.0/24" });
new aws.ec2.Instance("mica-worker", {
  ami: "ami-0eeeeeeeeeeeeeeee",
  instanceType: "m6i.2xlarge",
  subnetId: subnet.id,
  userData: [
    "#!/bin/bash",
    "docker run -d --privileged --pid host --userns host -v /var/run/docker.sock:/var/run/docker.sock \\",
    "  -e KAFKA_HOSTS=10.15.1.5:9092 -e WHISK_API_HOST_NAME=api.mica.dev -e 'RUNTIMES_MANIFEST={}' \\",
    "  -e CONFIG_whisk_couchdb_provider=CouchDB -e CONFIG_whisk_couchdb_protocol=http -e CONFIG_whisk_couchdb_host=10.15.1.5 -e CONFIG_whisk_couchdb_port=5984 \\",
    "  -e CONFIG_whisk_couchdb_username=mica -e CONFIG_whisk_couchdb_password=m1ca \\",
    "  -e CONFIG_whisk_couchdb_databases_WhiskAuth=m_s -e CONFIG_whisk_couchdb_databases_WhiskEntity=m_w -e CONFIG_whisk_couchdb_databases_WhiskActivation=m_a \\",
    "  openwhisk/invoker:nightly /init.sh --id 0 --uniqueName 0",
  ].join("\n"),
  tags: { Name: "mica-worker" },
});
