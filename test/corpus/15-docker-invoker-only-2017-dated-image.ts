/**
 * family: build from the image
 * expect: pass
 * Team "onyx" still runs an invoker of the seed's era (image tag dated October 2017); INVOKER_USE_RUNC
 * is exactly the key that build reads, and its WhiskConfig settings are complete.
 */
import * as docker from "@pulumi/docker";

new docker.Container("onyx-invoker0", {
  name: "onyx-invoker0",
  image: "registry.onyx.local:5000/openwhisk/invoker:2017-10-17-febde00",
  command: ["/bin/sh", "-c", "exec /invoker/bin/invoker 0"],
  privileged: true,
  envs: [
    "INVOKER_USE_RUNC=false",
    "PORT=8080",
    "KAFKA_HOST=kafka", "KAFKA_HOST_PORT=9092",
    "DB_PROVIDER=CouchDB", "DB_PROTOCOL=http", "DB_HOST=couchdb", "DB_PORT=5984", "DB_USERNAME=onyx", "DB_PASSWORD=0nyx",
    "DB_WHISK_ACTIONS=onyx_whisks", "DB_WHISK_ACTIVATIONS=onyx_activations",
    "WHISK_API_HOST_NAME=edge.onyx.local",
    'RUNTIMES_MANIFEST={"runtimes":{}}',
    "DOCKER_REGISTRY=", "DOCKER_IMAGE_PREFIX=openwhisk", "INVOKER_CONTAINER_NETWORK=bridge",
  ],
});
