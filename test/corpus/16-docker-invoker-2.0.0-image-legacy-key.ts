/**
 * family: build from the image
 * expect: reject invoker-runc-key, invoker-runc-versions
 * Team "pike" runs openwhisk/invoker:2.0.0 with only INVOKER_USE_RUNC=false: 2.0.0 ignores it.
 */
import * as docker from "@pulumi/docker";

const image = new docker.RemoteImage("pike-invoker-image", { name: "openwhisk/invoker:2.0.0" });
new docker.Container("pike-invoker", {
  name: "pike-invoker",
  image: image.imageId,
  privileged: true,
  envs: [
    "INVOKER_USE_RUNC=false",
    "KAFKA_HOSTS=kafka:9092", "WHISK_API_HOST_NAME=nginx", 'RUNTIMES_MANIFEST={"runtimes":{}}',
    "CONFIG_whisk_couchdb_provider=CouchDB", "CONFIG_whisk_couchdb_protocol=http", "CONFIG_whisk_couchdb_host=couchdb", "CONFIG_whisk_couchdb_port=5984",
    "CONFIG_whisk_couchdb_username=pike", "CONFIG_whisk_couchdb_password=p1ke",
    "CONFIG_whisk_couchdb_databases_WhiskAuth=p_s", "CONFIG_whisk_couchdb_databases_WhiskEntity=p_w", "CONFIG_whisk_couchdb_databases_WhiskActivation=p_a",
    "CONFIG_whisk_spi_InvokerProvider=org.apache.openwhisk.core.invoker.InvokerReactive",
    "CONFIG_whisk_spi_InvokerServerProvider=org.apache.openwhisk.core.invoker.DefaultInvokerServer",
  ],
});
