/**
 * Property-based tests (fast-check) over config, rendering and policies. On failure fast-check
 * prints the seed and the shrunk counterexample; rerun it with `FC_SEED=<seed> npx jest properties`.
 */
import { configToSettings } from "../components/settings";
import * as pulumi from "@pulumi/pulumi";
import fc from "fast-check";
import { evaluatePolicies } from "../cli/offline/evaluatePolicies";
import { runProgram, type ProgramRun } from "../cli/offline/runProgram";
import { renderJson, renderText } from "../cli/render";
import { formatIssue } from "../components/config/errors";
import { asEngineValue } from "../components/config/pulumiValues";
import { validateStackConfig } from "../components/config/validate";
import { OpenWhiskCluster } from "../components/openWhiskCluster";
import { renderCloudInit } from "../components/plan/cloudInit";
import { CLUSTER_KEYS, parseSeedUri } from "../components/plan/flavors";
import { renderStack } from "../components/plan/renderStack";
import { readProgramConfig } from "../program/config";
import { configParams, configPaths, setPath, toRawConfig, yamlValue, type ConfigParams } from "./support/arbitraries";
import type { RawConfig } from "./support/configs";
import { MUTATIONS } from "./support/mutations";
import { configKeyToProperty } from "./support/transformEnvironment";

const seed = process.env.FC_SEED ? Number(process.env.FC_SEED) : undefined;
const runs = (numRuns: number) => ({ numRuns, ...(seed !== undefined ? { seed } : {}) });

/** Our stack program exactly as program/index.ts runs it, under the mocks. */
function runStack(raw: RawConfig, preview: boolean): Promise<ProgramRun> {
  return runProgram({
    project: "openwhisk",
    stack: "prop",
    preview,
    config: raw,
    load: () => {
      const { config, secrets } = readProgramConfig();
      new OpenWhiskCluster("openwhisk", { ...configToSettings(config), stack: pulumi.getStack(), secrets });
    },
  });
}

/** What `pulumi up` would hand the program for a stack file holding raw (see pulumiValues.ts). */
const engineView = (raw: RawConfig): RawConfig => Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, asEngineValue(k, v)]));

const mandatory = (run: ProgramRun) => [...new Set(evaluatePolicies(run.resources).filter((v) => v.enforcementLevel === "mandatory").map((v) => v.policy))].sort();

/** A valid config with the value at one path replaced by any YAML value (or removed). */
const brokenConfig = configParams()
  .map(toRawConfig)
  .chain((raw) => fc.tuple(fc.constant(raw), fc.constantFrom(...configPaths(raw)), fc.option(yamlValue, { nil: undefined })))
  .map(([raw, path, value]) => setPath(raw, path, value));

describe("config", () => {
  test("any YAML value at any key: a valid config, or errors that each name an openwhisk: key, never an exception", () => {
    fc.assert(
      fc.property(fc.oneof(brokenConfig, fc.dictionary(fc.oneof(fc.constantFrom(...Object.keys(toRawConfig(fc.sample(configParams(), 1)[0]))), fc.string()), yamlValue)), (raw) => {
        const result = validateStackConfig(raw);
        if (result.ok) return;
        expect(result.issues.length).toBeGreaterThan(0);
        for (const issue of result.issues) {
          expect(issue.key).toMatch(/^openwhisk:[A-Za-z]/);
          const line = formatIssue(issue);
          expect(line).toContain(issue.key);
          expect(line).not.toMatch(/\n\s+at |Error:/);
        }
      }),
      runs(400),
    );
  });

  test("a config the validation rejects stops the program before any resource is registered", async () => {
    await fc.assert(
      fc.asyncProperty(brokenConfig.map(engineView).filter((raw) => !validateStackConfig(raw).ok), async (raw) => {
        const failure = await runStack(raw, false).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(failure).toBeInstanceOf(pulumi.RunError);
        expect((failure as Error).message).toMatch(/openwhisk:[A-Za-z]/);
        await new Promise((r) => setTimeout(r, 5));
        const monitor = pulumi.runtime.getMonitor() as unknown as { getRegisteredResources(): Map<string, unknown> };
        expect(monitor.getRegisteredResources().size).toBe(0);
      }),
      runs(12),
    );
  });
});

describe("rendering", () => {
  test("seeds are exactly the first `seeds` controllers' static addresses, with the build's scheme and the remoting port; every CONFIG_ key maps to a property and back; no secret in plain text", () => {
    fc.assert(
      fc.property(configParams({ runc: ["matching", "undeclared", "different"] }), (p: ConfigParams) => {
        const result = validateStackConfig(toRawConfig(p));
        if (!result.ok) throw new Error(`generator made an invalid config: ${result.issues.map(formatIssue).join("; ")}`);
        const config = result.config;
        const rendered = renderStack(config, "prop");
        const keys = CLUSTER_KEYS[p.flavor];
        const ips = p.target === "docker" ? config.docker!.controllerAddresses : config.aws!.controllerAddresses;
        const hostOf = (i: number) => (p.addressing === "ip" ? ips[i] : p.target === "aws" ? `controller${i}.${config.aws!.zoneName}` : `controller${i}`);
        const expectedSeeds = Array.from({ length: p.seeds }, (_, i) => hostOf(i)).sort();
        const controllers = rendered.nodes.filter((n) => n.role === "controller");
        expect(controllers).toHaveLength(p.count);
        controllers.forEach((node, i) => {
          const env = node.env as Record<string, string>;
          const seeds = keys.seedNodesList
            ? env[keys.seedNodesList].split(" ")
            : Object.keys(env).filter((k) => k.startsWith(keys.seedNodesPrefix!)).map((k) => env[k]);
          expect(seeds).toHaveLength(p.seeds);
          const parsed = seeds.map((s) => parseSeedUri(s)!);
          for (const s of parsed) {
            expect(s.scheme).toBe(keys.scheme);
            expect(s.port).toBe(p.remotingPort);
            if (keys.scheme) expect(s.system).toBe("controller-actor-system");
          }
          expect(parsed.map((s) => s.host).sort()).toEqual(expectedSeeds);
          expect(env[keys.canonicalHostname]).toBe(hostOf(i));
          expect(env[keys.canonicalPort]).toBe(String(p.remotingPort));
        });
        for (const node of rendered.nodes) {
          for (const key of Object.keys(node.env).filter((k) => k.startsWith("CONFIG_"))) {
            const property = configKeyToProperty(key)!;
            expect(property).toMatch(/^[a-z][a-z0-9-]*(\.([a-z0-9][a-z0-9-]*|[A-Z][A-Za-z0-9]*))+$/);
            const back = "CONFIG_" + property.split(".").map((part) => part.replace(/-([a-z0-9])/g, (_m, c: string) => c.toUpperCase())).join("_");
            expect(back).toBe(key);
          }
        }
        const outputs = [JSON.stringify(renderJson(rendered)), renderText(rendered)];
        if (p.target === "aws") outputs.push(renderCloudInit({ specs: rendered.nodes, secretPrefix: "/openwhisk/prop/", region: "eu-west-1" }));
        for (const secret of Object.values(p.secrets ?? {})) for (const out of outputs) expect(out).not.toContain(secret.split(":").pop()!);
      }),
      runs(300),
    );
  });
});

describe("policies", () => {
  test("our stack passes for any valid config that declares matching runc versions; one constraint violation makes exactly its policy fire", async () => {
    await fc.assert(
      fc.asyncProperty(configParams(), async (p) => {
        const raw = toRawConfig(p);
        expect(mandatory(await runStack(raw, true))).toEqual([]);
        const update = await runStack(raw, false);
        expect(mandatory(update)).toEqual([]);
        for (const mutation of MUTATIONS.filter((m) => m.applies(p))) {
          const resources = structuredClone(update.resources);
          mutation.apply(resources, p);
          const fired = mandatory({ preview: false, resources });
          expect({ mutation: mutation.name, fired: fired.includes(mutation.expected) }).toEqual({ mutation: mutation.name, fired: true });
          expect({ mutation: mutation.name, unexpected: fired.filter((f) => f !== mutation.expected && !mutation.allowed.includes(f)) }).toEqual({ mutation: mutation.name, unexpected: [] });
        }
      }),
      runs(14),
    );
  });

  test("runc on with undeclared or different versions: the config is accepted and the pack rejects it with invoker-runc-versions alone", async () => {
    await fc.assert(
      fc.asyncProperty(configParams({ runc: ["undeclared", "different"] }).filter((p) => p.useRunc), async (p) => {
        expect(mandatory(await runStack(toRawConfig(p), false))).toEqual(["invoker-runc-versions"]);
      }),
      runs(6),
    );
  });
});
