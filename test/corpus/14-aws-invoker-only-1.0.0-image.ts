/**
 * family: build from the image
 * expect: reject invoker-runc-key, invoker-runc-versions
 * Team "nova" runs only invokers (its controllers live elsewhere), from openwhisk/invoker:1.0.0, and turns
 * runc off with the documented INVOKER_USE_RUNC, which 1.0.0 ignores. Only the image tag tells the build.
 */
import * as aws from "@pulumi/aws";

const vpc = new aws.ec2.Vpc("nova", { cidrBlock: "10.16.0.0/16" });
const subnet = new aws.ec2.Subnet("nova-1", { vpcId: vpc.id, cidrBlock: "10.16.1.0/24" });
for (const i of [0, 1]) {
  new aws.ec2.Instance(`nova-invoker-${i}`, {
    ami: "ami-0ffffffffffffffff",
    instanceType: "m5.xlarge",
    subnetId: subnet.id,
    userData: [
      "#cloud-config",
      "write_files:",
      "  - path: /etc/nova/invoker.env",
      "    content: |",
      "      INVOKER_USE_RUNC=false",
      "      KAFKA_HOSTS=kafka.nova:9092",
      "      ZOOKEEPER_HOSTS=zk.nova:2181",
      "      WHISK_API_HOST_NAME=api.nova.example",
      '      RUNTIMES_MANIFEST={"runtimes":{}}',
      "      CONFIG_whisk_couchdb_provider=CouchDB",
      "      CONFIG_whisk_couchdb_protocol=http",
      "      CONFIG_whisk_couchdb_host=couch.nova",
      "      CONFIG_whisk_couchdb_port=5984",
      "      CONFIG_whisk_couchdb_username=nova",
      "      CONFIG_whisk_couchdb_password=n0va",
      "      CONFIG_whisk_couchdb_databases_WhiskAuth=n_s",
      "      CONFIG_whisk_couchdb_databases_WhiskEntity=n_w",
      "      CONFIG_whisk_couchdb_databases_WhiskActivation=n_a",
      "runcmd:",
      `  - docker run -d --privileged --env-file /etc/nova/invoker.env openwhisk/invoker:1.0.0 /init.sh --id ${i} --uniqueName ${i}`,
    ].join("\n"),
    tags: { Name: `nova-invoker-${i}` },
  });
}
