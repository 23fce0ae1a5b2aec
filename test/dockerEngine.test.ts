/**
 * The invoker's own docker CLI and the host engine. core/invoker/Dockerfile pins DOCKER_VERSION: 1.12.0
 * at febde0042, 18.06.3-ce at 1.0.0, 23.0.6 at 2.0.0 and 1fae641 (Engine API 1.24, 1.38, 1.42).
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import { FLAVORS } from "../components/config/flavorNames";
import { BUILDS } from "../components/plan/builds";
import { compareApiVersions, DOCKER_MIN_API_DROP_IN, engineDefaultMinApi } from "../components/plan/dockerEngine";
import { rawConfig } from "./support/configs";
import { hostFile, userDataText } from "./support/hostSetup";
import { ofType, runUnderMocks, stackConfig } from "./support/mockRun";

const MIRROR = process.env.OPENWHISK_SOURCE_MIRROR ?? "/work/.mirror/apache+openwhisk/repo";

describe("the docker CLI each build's invoker image carries", () => {
  (existsSync(MIRROR) ? test.each(FLAVORS) : test.skip.each(FLAVORS))("%s: DOCKER_VERSION in core/invoker/Dockerfile at its ref", (flavor) => {
    const ref = BUILDS[flavor].sourceRef.length === 40 ? BUILDS[flavor].sourceRef : `refs/tags/${BUILDS[flavor].sourceRef}`;
    const dockerfile = execFileSync("git", ["-C", MIRROR, "show", `${ref}:core/invoker/Dockerfile`], { encoding: "utf8" });
    expect(/DOCKER_VERSION[ =]([0-9][0-9.a-z-]*)/.exec(dockerfile)?.[1]).toBe(BUILDS[flavor].invokerDockerCli.version);
  });

  test("the API versions of those CLIs (1.12 -> 1.24, 18.06 -> 1.38, 23.0 -> 1.42)", () => {
    const api: Record<string, string> = { "1.12": "1.24", "18.06": "1.38", "23.0": "1.42" };
    for (const f of FLAVORS) expect(BUILDS[f].invokerDockerCli.apiVersion).toBe(api[BUILDS[f].invokerDockerCli.version.split(".").slice(0, 2).join(".")]);
  });

  test("Engine 29 refuses every one of them by default; Engine 25-28 accept them", () => {
    for (const f of FLAVORS) {
      expect(compareApiVersions(engineDefaultMinApi(29), BUILDS[f].invokerDockerCli.apiVersion)).toBeGreaterThan(0);
      expect(compareApiVersions(engineDefaultMinApi(28), BUILDS[f].invokerDockerCli.apiVersion)).toBeLessThanOrEqual(0);
    }
    expect(compareApiVersions("1.4", "1.38")).toBeLessThan(0);
  });
});

describe("aws invoker hosts configure their engine for the build's CLI", () => {
  // legacy-2017 and akka-2.5 here (1.24, 1.38); the shipped stacks below are akka-2.6 (staging) and pekko (prod).
  test.each(["legacy-2017", "akka-2.5"] as const)("%s: a docker.service drop-in sets DOCKER_MIN_API_VERSION to the CLI's API version, written before docker starts", async (flavor) => {
    const run = await runUnderMocks(rawConfig({ flavor, target: "aws", controllers: 1, invokers: 1 }));
    const invoker = ofType(run, "aws:ec2/instance:Instance").find((i) => (i.inputs.tags as Record<string, string>).Name === "invoker0")!;
    expect(hostFile(invoker, DOCKER_MIN_API_DROP_IN)).toContain(`\nEnvironment=DOCKER_MIN_API_VERSION=${BUILDS[flavor].invokerDockerCli.apiVersion}\n`);
    const doc = parseYaml(userDataText(invoker).replace(/^#cloud-config\n/, ""));
    const runcmd = doc.runcmd.map((c: string[]) => c.join(" "));
    expect(runcmd.indexOf("systemctl daemon-reload")).toBeLessThan(runcmd.indexOf("systemctl enable --now docker"));
  });

  test("the shipped aws stacks write the drop-in for their build and pass invoker-docker-api with no advisory", async () => {
    const { evaluatePolicies } = require("../cli/offline/evaluatePolicies") as typeof import("../cli/offline/evaluatePolicies");
    for (const stack of ["staging", "prod"]) {
      const run = await runUnderMocks(stackConfig(stack), { stack });
      const flavor = (stackConfig(stack)["openwhisk:release"] as { flavor: (typeof FLAVORS)[number] }).flavor;
      for (const invoker of ofType(run, "aws:ec2/instance:Instance").filter((i) => /^invoker\d+$/.test(String((i.inputs.tags as Record<string, string>).Name)))) {
        expect(hostFile(invoker, DOCKER_MIN_API_DROP_IN)).toContain(`Environment=DOCKER_MIN_API_VERSION=${BUILDS[flavor].invokerDockerCli.apiVersion}`);
      }
      const violations = evaluatePolicies(run.resources).filter((v) => v.policy.startsWith("invoker-docker"));
      expect({ stack, violations }).toEqual({ stack, violations: [] });
    }
  });
});
