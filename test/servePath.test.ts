/**
 * The serve path of docs/serve-path.md, hop by hop: every flavour on both targets is rendered and each
 * hop's setting is checked; each test fails when that setting goes. Upstream evidence per hop is in
 * the doc (apache/openwhisk at febde0042, 1.0.0, 2.0.0, 1fae641).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseStackConfig } from "../components/config/validate";
import { AUTH_KEY_PATTERN } from "../components/config/authKeys";
import { FLAVORS, type Flavor } from "../components/config/flavorNames";
import type { ContainerSpec } from "../components/plan/containerSpec";
import { COUCHDB_OPENWHISK_INI, COUCHDB_OPENWHISK_INI_MOUNT } from "../components/plan/couchdbConfig";
import { kafkaTopicsJobName } from "../components/plan/kafkaTopics";
import { renderStack } from "../components/plan/renderStack";
import { planSeedAddresses } from "../components/plan/seedAddresses";
import { ZOOKEEPER_HEALTH_COMMAND } from "../components/plan/zookeeperHealth";
import { rawConfig } from "./support/configs";

const TARGETS = ["docker", "aws"] as const;
const CASES = FLAVORS.flatMap((flavor) => TARGETS.map((target) => [flavor, target] as const));
const legacy = (f: Flavor) => f === "legacy-2017";
const schedulerEra = (f: Flavor) => f === "akka-2.6" || f === "pekko";

/** The init job's design documents as `<db>:<path>` (each entry carries `:<sha256>`, the sum it is checked against). */
function designDocs(r: { initdb: ContainerSpec }): string[] {
  return String(r.initdb.env.DESIGN_DOCS).split(" ").map((e) => e.replace(/:[0-9a-f]{64}$/, ""));
}

function render(flavor: Flavor, target: "docker" | "aws") {
  const config = parseStackConfig(rawConfig({ flavor, target, controllers: 2, invokers: 2, useRunc: true }));
  const nodes = renderStack(config, "serve").nodes;
  const of = (role: ContainerSpec["role"]) => nodes.filter((n) => n.role === role);
  return { config, nodes, of, initdb: of("initdb")[0], controllers: of("controller"), invokers: of("invoker") };
}

const docIds = [...readFileSync(join(__dirname, "..", "docs", "serve-path.md"), "utf8").matchAll(/^\| (H\d+) \|/gm)].map((m) => m[1]);

test("every hop of docs/serve-path.md has its test here", () => {
  const tested = readFileSync(__filename, "utf8").match(/describe\.each\(CASES\)\("(H\d+) /g)!.map((d) => d.match(/H\d+/)![0]);
  expect(docIds.length).toBeGreaterThanOrEqual(13);
  expect(tested.sort()).toEqual([...docIds].sort());
});

describe.each(CASES)("H1 wsk -> edge (%s, %s)", (flavor, target) => {
  test("the edge balances /api/v1 over every controller's API at its fixed address", () => {
    const r = render(flavor, target);
    const conf = r.of("edge")[0].files.find((f) => f.containerPath === "/etc/nginx/nginx.conf")!.content as string;
    expect(conf).toMatch(/location \/api\/v1 \{\s+proxy_pass http:\/\/controllers;/);
    // The edge's own request id replaces any client's (transactions.header = "X-Request-ID" in
    // common/scala/src/main/resources/application.conf at 1.0.0, 2.0.0, 1fae641; upstream's
    // ansible/roles/nginx/templates/nginx.conf.j2 sets it to $request_id).
    const api = /location \/api\/v1 \{[^}]*\}/.exec(conf)![0];
    expect(api).toMatch(/^\s*proxy_set_header X-Request-ID \$request_id;$/m);
    for (const a of planSeedAddresses(r.config)) {
      const port = target === "aws" ? r.config.controllers.apiPortBase + a.index : 8080;
      expect(conf).toContain(`server ${a.privateIp}:${port} `);
    }
    expect(r.of("edge")[0].ports.map((p) => p.external)).toEqual(target === "aws" ? [80, 443] : [r.config.docker!.edgePort]);
  });
});

describe.each(CASES)("H2 edge -> controller API (%s, %s)", (flavor, target) => {
  test("PORT=8080, published at apiPortBase + i", () => {
    const r = render(flavor, target);
    for (const c of r.controllers) {
      expect(c.env.PORT).toBe("8080");
      expect(c.ports).toContainEqual(expect.objectContaining({ internal: 8080, external: r.config.controllers.apiPortBase + c.index! }));
    }
  });
});

describe.each(CASES)("H3 authentication: the subjects view (%s, %s)", (flavor, target) => {
  test("the init job installs the build's subjects design document into the database the controller authenticates against", () => {
    const r = render(flavor, target);
    const doc = legacy(flavor) ? "auth_index.json" : "auth_design_document_for_subjects_db_v2.0.0.json";
    expect(designDocs(r)).toContain(`subjects:ansible/files/${doc}`);
    for (const c of r.controllers) expect(c.env[legacy(flavor) ? "DB_WHISK_AUTHS" : "CONFIG_whisk_couchdb_databases_WhiskAuth"]).toBe(r.initdb.env.DB_SUBJECTS);
    for (const c of r.controllers) expect(c.dependsOn).toContain("initdb");
  });
});

describe.each(CASES)("H4 key shape (%s, %s)", (flavor, target) => {
  test("the subjects get the guest and system keys, whose shape is <uuid>:<64>", () => {
    const r = render(flavor, target);
    expect(r.initdb.env.GUEST_AUTH).toEqual({ secret: "guestAuthKey" });
    expect(r.initdb.env.SYSTEM_AUTH).toEqual({ secret: "systemAuthKey" });
    expect(AUTH_KEY_PATTERN.test(`0f1e2d3c-4b5a-4697-8877-665544332211:${"a".repeat(64)}`)).toBe(true);
    expect(AUTH_KEY_PATTERN.test(`0f1e2d3c-4b5a-4697-8877-665544332211:${"a".repeat(32)}`)).toBe(false);
  });
});

describe.each(CASES)("H5 entitlement (%s, %s)", (flavor, target) => {
  test("the local entitlement provider, explicit on every build that reads CONFIG_ keys (2.0.0 and master default to the scheduler's)", () => {
    for (const c of render(flavor, target).controllers) {
      expect(c.env.CONFIG_whisk_spi_EntitlementSpiProvider).toBe(legacy(flavor) ? undefined : "org.apache.openwhisk.core.entitlement.LocalEntitlementProvider");
    }
  });
});

describe.each(CASES)("H6 action fetch (%s, %s)", (flavor, target) => {
  test("the entity views are installed into the database the controller reads actions from", () => {
    const r = render(flavor, target);
    const doc = legacy(flavor) ? "whisks_design_document_for_actions_db.json" : "whisks_design_document_for_entities_db_v2.1.0.json";
    expect(designDocs(r)).toContain(`whisks:ansible/files/${doc}`);
    for (const c of r.controllers) expect(c.env[legacy(flavor) ? "DB_WHISK_ACTIONS" : "CONFIG_whisk_couchdb_databases_WhiskEntity"]).toBe(r.initdb.env.DB_WHISKS);
  });
});

describe.each(CASES)("H7 activation message -> invoker<i> (%s, %s)", (flavor, target) => {
  test("Kafka for controllers and invokers alike, the sharding balancer explicit since 1.0.0, invoker topics on the 2017 build", () => {
    const r = render(flavor, target);
    const kafkaOf = (n: ContainerSpec) => (legacy(flavor) ? `${n.env.KAFKA_HOST}:${n.env.KAFKA_HOST_PORT}` : String(n.env.KAFKA_HOSTS));
    const kafka = new Set([...r.controllers, ...r.invokers].map(kafkaOf));
    expect(kafka.size).toBe(1);
    for (const c of r.controllers) {
      expect(c.env.CONFIG_whisk_spi_LoadBalancerProvider).toBe(legacy(flavor) ? undefined : "org.apache.openwhisk.core.loadBalancer.ShardingContainerPoolBalancer");
    }
    for (const i of r.invokers) {
      const job = r.nodes.find((n) => n.name === kafkaTopicsJobName(i.name));
      if (legacy(flavor)) {
        expect(i.dependsOn).toContain(job!.name);
        expect(String(job!.env.KAFKA_TOPICS)).toContain(`invoker${i.index}=`);
      } else expect(job).toBeUndefined();
    }
  });
});

describe.each(CASES)("H8 invoker consumes invoker<i> (%s, %s)", (flavor, target) => {
  test("each invoker starts as instance <i>", () => {
    for (const i of render(flavor, target).invokers) {
      const args = i.command.join(" ");
      expect(args).toContain(legacy(flavor) ? `/invoker/bin/invoker ${i.index}` : `/init.sh --id ${i.index} --uniqueName ${i.index}`);
      if (schedulerEra(flavor)) expect(i.env.CONFIG_whisk_spi_InvokerProvider).toBe("org.apache.openwhisk.core.invoker.InvokerReactive");
    }
  });
});

describe.each(CASES)("H9 action container: docker CLI <-> engine (%s, %s)", (flavor, target) => {
  test("the engine's socket is mounted; on aws the runc guard gets the engine's runc from the host side", () => {
    for (const i of render(flavor, target).invokers) {
      expect(i.volumes).toContainEqual({ hostPath: "/var/run/docker.sock", containerPath: "/var/run/docker.sock" });
      expect(i.command).toContain("/openwhisk/runc-guard.sh");
      if (target === "aws") expect(i.dependsOn).toContain("engine-runc");
    }
  });
});

describe.each(CASES)("H10 action container network (%s, %s)", (flavor, target) => {
  test("actions get a network of their own and the API host", () => {
    for (const i of render(flavor, target).invokers) {
      const network = i.env[legacy(flavor) ? "INVOKER_CONTAINER_NETWORK" : "CONFIG_whisk_containerFactory_containerArgs_network"];
      expect(network).toBeTruthy();
      expect(i.extraNetworks?.map((n) => n.name)).toContain(network);
      for (const k of ["WHISK_API_HOST_PROTO", "WHISK_API_HOST_PORT", "WHISK_API_HOST_NAME"]) expect(i.env[k]).toBeTruthy();
    }
  });
});

describe.each(CASES)("H11 completion -> completed<i> (%s, %s)", (flavor, target) => {
  test("each controller is instance <i>; on the 2017 build its completed<i> topic exists first", () => {
    const r = render(flavor, target);
    for (const c of r.controllers) {
      expect(c.command.join(" ")).toMatch(new RegExp(`(init\\.sh|controller/bin/controller) ${c.index}\\b`));
      const job = r.nodes.find((n) => n.name === kafkaTopicsJobName(c.name));
      if (legacy(flavor)) {
        expect(c.dependsOn).toContain(job!.name);
        expect(String(job!.env.KAFKA_TOPICS)).toContain(`completed${c.index}=`);
      } else expect(job).toBeUndefined();
    }
  });
});

describe.each(CASES)("H12 result: the activation record (%s, %s)", (flavor, target) => {
  test("the activation views in the controller's activations database; reduce_limit=false read at every CouchDB start", () => {
    const r = render(flavor, target);
    const doc = legacy(flavor) ? "whisks_design_document_for_activations_db.json" : "whisks_design_document_for_activations_db_filters_v2.1.1.json";
    expect(designDocs(r)).toContain(`activations:ansible/files/${doc}`);
    for (const c of r.controllers) expect(c.env[legacy(flavor) ? "DB_WHISK_ACTIVATIONS" : "CONFIG_whisk_couchdb_databases_WhiskActivation"]).toBe(r.initdb.env.DB_ACTIVATIONS);
    const couch = r.of("couchdb")[0];
    // aws mounts it beside /opt/couchdb and the container's command copies it into local.d (couchdbConfig.ts).
    expect(String(couch.files.find((f) => f.containerPath === (target === "aws" ? COUCHDB_OPENWHISK_INI_MOUNT : COUCHDB_OPENWHISK_INI))?.content)).toMatch(/^\[query_server_config\]\nreduce_limit = false$/m);
    if (target === "aws") expect(couch.command.join(" ")).toContain(`cp ${COUCHDB_OPENWHISK_INI_MOUNT} ${COUCHDB_OPENWHISK_INI} && exec `);
  });
});

describe.each(CASES)("H13 everything is up before the first call (%s, %s)", (flavor, target) => {
  test("ZooKeeper's health check asks srvr; Kafka waits for ZooKeeper; controllers and invokers wait for Kafka and the init job", () => {
    const r = render(flavor, target);
    expect(r.of("zookeeper")[0].healthCheck?.test).toEqual(["CMD-SHELL", ZOOKEEPER_HEALTH_COMMAND]);
    expect(ZOOKEEPER_HEALTH_COMMAND).toContain("printf srvr");
    expect(r.of("kafka")[0].dependsOn).toContain("zookeeper");
    for (const n of [...r.controllers, ...r.invokers]) expect(n.dependsOn).toEqual(expect.arrayContaining(["kafka", "initdb"]));
  });
});
