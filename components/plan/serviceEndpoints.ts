/**
 * Where controllers and invokers find ZooKeeper, Kafka and CouchDB: in-stack services (docker
 * aliases, or the aws core host's fixed address) or external endpoints given by config.
 */
import type { StackConfig } from "../config/schema";
import type { HealthCheckSpec } from "./containerSpec";

export const SERVICE_PORTS = { zookeeper: 2181, kafka: 9092, couchdb: 5984, api: 8080 } as const;

export interface ServiceEndpoints {
  kafkaHosts: string[];
  zookeeperHosts: string[];
  couchdb: { protocol: "http" | "https"; host: string; port: number; username: string };
  /** Which services the stack runs itself (the rest are external). */
  inStack: { zookeeper: boolean; kafka: boolean; couchdb: boolean };
  /** The API host controllers and invokers are told about (the edge). */
  apiHost: { proto: "http" | "https"; name: string; port: number };
}

export function planServiceEndpoints(config: StackConfig): ServiceEndpoints {
  const s = config.services;
  const coreHost = config.target === "aws" ? config.aws!.coreAddress : undefined;
  const local = (alias: string) => coreHost ?? alias;
  const inStack = { zookeeper: !s.zookeeper, kafka: !s.kafka, couchdb: !s.couchdb };
  return {
    kafkaHosts: s.kafka?.hosts ?? [`${local("kafka")}:${SERVICE_PORTS.kafka}`],
    zookeeperHosts: s.zookeeper?.hosts ?? [`${local("zookeeper")}:${SERVICE_PORTS.zookeeper}`],
    couchdb: s.couchdb ?? { protocol: "http", host: local("couchdb"), port: SERVICE_PORTS.couchdb, username: s.couchdbUser },
    inStack,
    // aws: the edge's TLS name (it must resolve to aws.coreAddress inside the VPC).
    apiHost: config.target === "docker" ? { proto: "http", name: "nginx", port: 80 } : { proto: "https", name: config.aws!.edgeTls.serverName, port: 443 },
  };
}

/** Controllers and invokers are healthy when `GET /ping` on their API port answers. */
export function pingHealthCheck(): HealthCheckSpec {
  return {
    test: ["CMD-SHELL", `curl -fsS http://localhost:${SERVICE_PORTS.api}/ping || exit 1`],
    interval: "10s",
    timeout: "5s",
    retries: 6,
    startPeriod: "60s",
  };
}
