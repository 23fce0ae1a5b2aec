/**
 * Policies judged per cluster: the split-brain resolver's settings (split-brain-resolver-valid), one
 * build per cluster (controllers-same-build), pinned controller images (controller-image-pinned,
 * production-controller-image-pinned) and odd-controller-count counted per cluster. Hand-written raw
 * stacks, preview and after update.
 */
import { advisory, checkRaw, dockerCluster, mandatory, type Env } from "./support/rawStacks";

const sbr = (extra: Env) => (_i: number, env: Env): Env => ({ ...env, ...extra });
const STRATEGY = "CONFIG_pekko_cluster_splitBrainResolver_activeStrategy";
const QUORUM = "CONFIG_pekko_cluster_splitBrainResolver_staticQuorum_quorumSize";

async function verdict(program: () => void, stack = "dev") {
  const r = await checkRaw(program, { stack });
  expect(mandatory(r.preview)).toEqual(mandatory(r.update));
  return { mandatory: mandatory(r.update), advisory: advisory(r.update), messages: r.update.map((v) => v.message) };
}

describe("split-brain-resolver-valid (Akka/Pekko sbr/SplitBrainResolverSettings.scala)", () => {
  test.each([
    ["an unknown strategy (keep-referee existed only in the old commercial resolver)", { [STRATEGY]: "keep-referee" }, /Unknown downing strategy/],
    ["static-quorum without quorum-size", { [STRATEGY]: "static-quorum" }, /without a quorum size/],
    ["static-quorum with a quorum of at most half (1 of 3)", { [STRATEGY]: "static-quorum", [QUORUM]: "1" }, /at most half/],
    ["static-quorum with more than all controllers (4 of 3)", { [STRATEGY]: "static-quorum", [QUORUM]: "4" }, /no side can ever reach the quorum/],
    ["lease-majority without a lease implementation", { [STRATEGY]: "lease-majority" }, /without a lease implementation/],
    ["a -D option in JAVA_OPTS naming an unknown strategy", { JAVA_OPTS: "-Xmx1g -Dpekko.cluster.split-brain-resolver.active-strategy=keep-referee" }, /keep-referee/],
  ])("rejects %s", async (_, extra, message) => {
    const env = (i: number, e: Env) => {
      const out = sbr(extra)(i, e);
      if ("JAVA_OPTS" in extra) delete out[STRATEGY];
      return out;
    };
    const v = await verdict(dockerCluster({ controllerEnv: env }));
    expect(v.mandatory).toEqual(["split-brain-resolver-valid"]);
    expect(v.messages.join("\n")).toMatch(message);
  });

  test.each([
    ["static-quorum with a majority quorum (2 of 3)", { [STRATEGY]: "static-quorum", [QUORUM]: "2" }],
    ["lease-majority with a lease", { [STRATEGY]: "lease-majority", CONFIG_pekko_cluster_splitBrainResolver_leaseMajority_leaseImplementation: "pekko.coordination.lease.kubernetes" }],
    ["keep-majority written in capitals (the name is matched case-insensitively)", { [STRATEGY]: "Keep-Majority" }],
  ])("passes %s", async (_, extra) => {
    expect((await verdict(dockerCluster({ controllerEnv: sbr(extra) }))).mandatory).toEqual([]);
  });
});

describe("controllers-same-build", () => {
  test("2.0.0 beside nightly in one cluster is rejected", async () => {
    const v = await verdict(dockerCluster({ controllerArgs: (i, args) => (i === 2 ? { ...args, image: "openwhisk/controller:2.0.0" } : args) }));
    expect(v.mandatory).toEqual(["controllers-same-build"]);
    expect(v.messages.join("\n")).toMatch(/mixes builds .*controller2: pekko, openwhisk\/controller:2\.0\.0/);
  });

  test("a digest beside a tag is not called another build (a digest may be the very image the tag names)", async () => {
    const digest = `openwhisk/controller@sha256:${"ab".repeat(32)}`;
    const v = await verdict(dockerCluster({ controllerArgs: (i, args) => ({ ...args, image: i === 0 ? digest : "openwhisk/controller:1fae641" }) }));
    expect(v.mandatory).toEqual([]);
  });

  test("two different digests in one cluster are rejected", async () => {
    const v = await verdict(dockerCluster({ controllerArgs: (i, args) => ({ ...args, image: `openwhisk/controller@sha256:${(i === 0 ? "ab" : "cd").repeat(32)}` }) }));
    expect(v.mandatory).toEqual(["controllers-same-build"]);
  });

  test("one image on every controller passes", async () => {
    expect((await verdict(dockerCluster({ controllerArgs: (_i, args) => ({ ...args, image: "openwhisk/controller:1fae641" }) }))).mandatory).toEqual([]);
  });
});

describe("moving controller image tags", () => {
  test("nightly: advisory outside production", async () => {
    const v = await verdict(dockerCluster({ controllerArgs: (_i, args) => ({ ...args, image: "openwhisk/controller:nightly" }) }));
    expect(v.mandatory).toEqual([]);
    expect(v.advisory).toContain("controller-image-pinned");
  });

  test.each([["nightly", "openwhisk/controller:nightly"], ["latest", "openwhisk/controller:latest"], ["no tag", "openwhisk/controller"], ["master", "registry.example.com:5000/ow/controller:master"]])("%s: mandatory in production", async (_, image) => {
    const v = await verdict(dockerCluster({ controllerArgs: (_i, args) => ({ ...args, image }) }), "production");
    // production-images-pinned (every image by digest) judges the fixture's other images on its own.
    expect(v.mandatory.filter((p) => p !== "production-images-pinned")).toEqual(["production-controller-image-pinned"]);
    expect(v.advisory).not.toContain("controller-image-pinned");
  });

  test("a release tag or a digest passes in production", async () => {
    for (const image of ["openwhisk/controller:2.0.0", "openwhisk/controller@sha256:" + "a".repeat(64)]) {
      const v = await verdict(dockerCluster({ controllerArgs: (_i, args) => ({ ...args, image, envs: args.envs }) }), "prod");
      expect(v.mandatory.filter((p) => p.includes("image") && p !== "production-images-pinned")).toEqual([]);
    }
  });
});

describe("odd-controller-count counts each cluster", () => {
  test("one cluster of 4 with automatic downing: advisory", async () => {
    expect((await verdict(dockerCluster({ controllers: 4 }))).advisory).toContain("odd-controller-count");
  });
});
