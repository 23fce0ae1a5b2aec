/**
 * What controllers and invokers need before they start (docs/builds.md#what-a-controller-needs-before-it-serves, docs/builds.md#default-ports): ZooKeeper, Kafka, CouchDB and
 * the nginx edge the wsk CLI talks to. The database init job is databaseInit.ts: it belongs to the
 * release, and runs where the controllers of that release wait for it.
 */
import type { StackConfig } from "../config/schema";
import type { ContainerSpec } from "./containerSpec";
import type { StaticAddress } from "./seedAddresses";
import { SERVICE_PORTS, ServiceEndpoints } from "./serviceEndpoints";
import { ZOOKEEPER_HEALTH_COMMAND } from "./zookeeperHealth";
import { couchdbCommand, couchdbConfigFile } from "./couchdbConfig";
import { actionNetwork } from "./actionIsolation";
import { DATA_JOB, DATA_PATHS } from "./dataVolume";

function service(partial: Partial<ContainerSpec> & Pick<ContainerSpec, "name" | "role" | "image">): ContainerSpec {
  return {
    command: [],
    hostname: partial.name,
    env: {},
    ports: [],
    volumes: [],
    files: [],
    restart: "always",
    labels: { "openwhisk.role": partial.role },
    privileged: false,
    aliases: [partial.name],
    dependsOn: [],
    oneShot: false,
    ...partial,
  };
}

/**
 * Where the edge reaches controller i's API: on docker the container's own port on the shared network;
 * on aws the port the controller's host publishes (apiPortBase + i), which the controllers' security
 * group opens to the core host (AwsNetwork).
 */
export function controllerApiUpstream(config: StackConfig, address: StaticAddress): { host: string; port: number } {
  return config.target === "aws"
    ? { host: address.privateIp, port: config.controllers.apiPortBase + address.index }
    : { host: address.privateIp, port: SERVICE_PORTS.api };
}

/** Where the edge's TLS certificate chain and key are in its container (aws). */
export const EDGE_TLS = { certificate: "/etc/nginx/tls/edge.crt", key: "/etc/nginx/tls/edge.key" } as const;

/**
 * The edge's TLS: TLS 1.2 and 1.3 only; in TLS 1.2 only ECDHE key exchange with AEAD ciphers (AES-GCM,
 * ChaCha20-Poly1305), no CBC, no static RSA, no finite-field DH; TLS 1.3 suites are all AEAD and the
 * curves below keep its key exchange elliptic. (Mozilla's "intermediate" profile without DHE.)
 */
export const EDGE_TLS_PROTOCOLS = ["TLSv1.2", "TLSv1.3"] as const;
export const EDGE_TLS12_CIPHERS = [
  "ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-RSA-AES128-GCM-SHA256", "ECDHE-ECDSA-AES256-GCM-SHA384", "ECDHE-RSA-AES256-GCM-SHA384",
  "ECDHE-ECDSA-CHACHA20-POLY1305", "ECDHE-RSA-CHACHA20-POLY1305",
] as const;
export const EDGE_TLS_CURVES = ["X25519", "prime256v1", "secp384r1"] as const;
/** HSTS: browsers and clients that honour it never try plain HTTP again for a year. */
export const EDGE_HSTS = "max-age=31536000; includeSubDomains";

/**
 * nginx.conf of the edge, the API host for the wsk CLI, balanced over every controller. docker: HTTP on
 * the edge port (a local engine). aws: TLS on 443 with the certificate from config (EDGE_TLS_*, HSTS),
 * port 80 only redirects to `https://<edgeTls.serverName>` (never to the client's Host header, which an
 * attacker chooses) and answers /ping for health checks.
 */
export function nginxConf(config: StackConfig, addresses: StaticAddress[]): string {
  const upstreams = addresses.map((a) => {
    const u = controllerApiUpstream(config, a);
    return `    server ${u.host}:${u.port} fail_timeout=60s;`;
  });
  const api = [
    "    location /api/v1 {",
    "      proxy_pass http://controllers;",
    "      proxy_http_version 1.1;",
    '      proxy_set_header Connection "";',
    "      proxy_read_timeout 75s;",
    // The controller takes its transaction id from X-Request-ID (1.0.0 and later: transactions.header
    // in common/scala/src/main/resources/application.conf) and logs it: the edge sets its own, as
    // upstream's ansible/roles/nginx/templates/nginx.conf.j2 does, so a client's value never reaches it.
    "      proxy_set_header X-Request-ID $request_id;",
    "    }",
    "    location /ping { return 200 'pong'; }",
  ];
  const tls = config.target === "aws" ? config.aws!.edgeTls : undefined;
  const servers = tls
    ? [
        "  server {",
        "    listen 80 default_server;",
        `    server_name ${tls.serverName};`,
        "    location /ping { return 200 'pong'; }",
        `    location / { return 301 https://${tls.serverName}$request_uri; }`,
        "  }",
        "  server {",
        "    listen 443 ssl default_server;",
        `    server_name ${tls.serverName};`,
        `    ssl_certificate ${EDGE_TLS.certificate};`,
        `    ssl_certificate_key ${EDGE_TLS.key};`,
        `    ssl_protocols ${EDGE_TLS_PROTOCOLS.join(" ")};`,
        `    ssl_ciphers ${EDGE_TLS12_CIPHERS.join(":")};`,
        "    ssl_prefer_server_ciphers on;",
        `    ssl_ecdh_curve ${EDGE_TLS_CURVES.join(":")};`,
        "    ssl_session_tickets off;",
        `    add_header Strict-Transport-Security "${EDGE_HSTS}" always;`,
        ...api,
        "  }",
      ]
    : ["  server {", "    listen 80 default_server;", ...api, "  }"];
  return [
    "events { worker_connections 1024; }",
    "http {",
    "  client_max_body_size 50M;",
    "  server_tokens off;",
    "  upstream controllers {",
    ...upstreams,
    "    keepalive 512;",
    "  }",
    ...servers,
    "}",
    "",
  ].join("\n");
}

export interface RenderCoreArgs {
  config: StackConfig;
  addresses: StaticAddress[];
  endpoints: ServiceEndpoints;
  /** Host port for the edge's HTTP listener. */
  edgePort: number;
}

/** The in-stack core services, in start order (external ones are skipped); the init job is not among them. */
export function renderCoreServices(args: RenderCoreArgs): ContainerSpec[] {
  const { config, endpoints } = args;
  const images = config.services.images;
  const nodes: ContainerSpec[] = [];
  // aws: the data services start once the core host's data volume is mounted (dataVolume.ts).
  const onAws = config.target === "aws";
  const onDataVolume = onAws ? [DATA_JOB] : [];
  if (endpoints.inStack.zookeeper) {
    nodes.push(
      service({
        name: "zookeeper",
        role: "zookeeper",
        image: images.zookeeper,
        env: { ZOO_MY_ID: "1", ZOO_SERVERS: "server.1=0.0.0.0:2888:3888;2181" },
        ports: [{ internal: SERVICE_PORTS.zookeeper, purpose: "zookeeper" }],
        // Kept with Kafka's logs (they name ZooKeeper's cluster id): the official image's /data and /datalog.
        volumes: onAws ? [{ hostPath: DATA_PATHS.zookeeperData, containerPath: "/data" }, { hostPath: DATA_PATHS.zookeeperLog, containerPath: "/datalog" }] : [],
        dependsOn: onDataVolume,
        // srvr, the only four-letter word ZooKeeper 3.5+ answers by default (zookeeperHealth.ts).
        healthCheck: { test: ["CMD-SHELL", ZOOKEEPER_HEALTH_COMMAND], interval: "10s", timeout: "5s", retries: 6, startPeriod: "10s" },
      }),
    );
  }
  if (endpoints.inStack.kafka) {
    const advertised = config.target === "aws" ? config.aws!.coreAddress : "kafka";
    nodes.push(
      service({
        name: "kafka",
        role: "kafka",
        image: images.kafka,
        env: {
          KAFKA_BROKER_ID: "0",
          KAFKA_ZOOKEEPER_CONNECT: endpoints.zookeeperHosts.join(","),
          KAFKA_LISTENERS: `PLAINTEXT://0.0.0.0:${SERVICE_PORTS.kafka}`,
          KAFKA_ADVERTISED_LISTENERS: `PLAINTEXT://${advertised}:${SERVICE_PORTS.kafka}`,
          KAFKA_AUTO_CREATE_TOPICS_ENABLE: "false",
          KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: "1",
          // A fixed log dir on the data volume (the image's default has the container's hostname in it).
          ...(onAws ? { KAFKA_LOG_DIRS: "/kafka/kafka-logs" } : {}),
        },
        ports: [{ internal: SERVICE_PORTS.kafka, purpose: "kafka" }],
        volumes: onAws ? [{ hostPath: DATA_PATHS.kafka, containerPath: "/kafka" }] : [],
        dependsOn: [...(endpoints.inStack.zookeeper ? ["zookeeper"] : []), ...onDataVolume],
      }),
    );
  }
  if (endpoints.inStack.couchdb) {
    nodes.push(
      service({
        name: "couchdb",
        role: "couchdb",
        image: images.couchdb,
        env: { COUCHDB_USER: endpoints.couchdb.username, COUCHDB_PASSWORD: { secret: "couchdbPassword" } },
        ports: [{ internal: SERVICE_PORTS.couchdb, purpose: "couchdb" }],
        volumes: [{ hostPath: DATA_PATHS.couchdb, containerPath: "/opt/couchdb/data" }],
        dependsOn: onDataVolume,
        // reduce_limit=false at every start, not only set over HTTP once (couchdbConfig.ts); on aws the
        // file is mounted outside /opt/couchdb and copied in, since the entrypoint chowns /opt/couchdb.
        files: [couchdbConfigFile(config.target)],
        command: couchdbCommand(config.target),
        healthCheck: { test: ["CMD-SHELL", "curl -fsS http://localhost:5984/_up || exit 1"], interval: "10s", timeout: "5s", retries: 12, startPeriod: "20s" },
      }),
    );
  }
  nodes.push(
    service({
      name: "nginx",
      role: "edge",
      image: images.nginx,
      ports: config.target === "aws"
        ? [{ internal: 80, external: 80, purpose: "edge" }, { internal: 443, external: 443, purpose: "edge-tls" }]
        : [{ internal: 80, external: args.edgePort, purpose: "edge" }],
      files: [
        { containerPath: "/etc/nginx/nginx.conf", content: nginxConf(config, args.addresses) },
        // aws: the certificate chain and key from SSM at start (the key never in user data).
        ...(config.target === "aws"
          ? [
              { containerPath: EDGE_TLS.certificate, content: { parameter: config.aws!.edgeTls.certificateParameter, before: "", after: "\n" }, mode: "0644" },
              { containerPath: EDGE_TLS.key, content: { parameter: config.aws!.edgeTls.keyParameter, before: "", after: "\n" }, mode: "0600" },
            ]
          : []),
      ],
      aliases: ["nginx", "edge"],
      // docker: actions reach the API host they are handed (WHISK_API_HOST_NAME) on their own network (actionIsolation.ts).
      ...(config.target === "docker" ? { extraNetworks: [{ name: actionNetwork(config).name, aliases: [endpoints.apiHost.name] }] } : {}),
    }),
  );
  return nodes;
}
