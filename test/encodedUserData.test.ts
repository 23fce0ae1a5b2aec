/**
 * User data writes every file base64-encoded (`encoding: b64`, cloudInit.writeFile); the policy model
 * must judge the files as cloud-init writes them to disk, whatever encoding cloud-init accepts
 * (cloudinit/config/cc_write_files.py `canonicalize_extraction`: b64/base64, gz/gzip, gz+b64 and spellings).
 */
import { gzipSync } from "node:zlib";
import { stringify } from "yaml";
import { readNodeEnv } from "../policies/model/nodeEnv";
import type { StackResource } from "../policies/model/stackResource";
import { parseStackConfig } from "../components/config/validate";
import { hostSpecs } from "../components/plan/hostSecrets";
import { renderCloudInit } from "../components/plan/cloudInit";
import { rawConfig } from "./support/configs";

const instance = (userData: string): StackResource => ({
  urn: "urn:pulumi:t::p::aws:ec2/instance:Instance::c0", type: "aws:ec2/instance:Instance", name: "c0",
  props: { userData }, protect: false, dependencies: [], propertyDependencies: {},
});

const ENV = "CONFIG_pekko_actor_provider=cluster\nCONFIG_pekko_cluster_seedNodes_0=pekko://controller-actor-system@c0.internal:2551\n";

describe("the policy model reads encoded write_files as written on disk", () => {
  test.each([
    ["b64", Buffer.from(ENV).toString("base64")],
    ["base64", Buffer.from(ENV).toString("base64")],
    ["gz+b64", gzipSync(Buffer.from(ENV)).toString("base64")],
    ["gzip+base64", gzipSync(Buffer.from(ENV)).toString("base64")],
  ])("encoding %s", (encoding, content) => {
    const env = readNodeEnv(instance(`#cloud-config\n${stringify({ write_files: [{ path: "/etc/ow/c0.env", encoding, content }] })}`));
    expect(env.values.get("CONFIG_pekko_actor_provider")).toBe("cluster");
    expect(env.values.get("CONFIG_pekko_cluster_seedNodes_0")).toBe("pekko://controller-actor-system@c0.internal:2551");
  });

  test("the generated controller host: env, secrets filled in at start, and the command, as on disk", () => {
    const config = parseStackConfig(rawConfig({ target: "aws", flavor: "pekko", controllers: 1 }));
    const text = renderCloudInit({ specs: hostSpecs(config, "t").controller, secretPrefix: "/openwhisk/t/", region: "eu-west-1" });
    expect(text).not.toContain("CONFIG_pekko_actor_provider");
    const env = readNodeEnv(instance(text));
    expect(env.values.get("CONFIG_pekko_actor_provider")).toBe("cluster");
    expect([...env.runtimeKeys]).toEqual(expect.arrayContaining(["CONFIG_whisk_couchdb_password"]));
    expect(env.text).toMatch(/\/init\.sh\s+0\b/);
  });
});
