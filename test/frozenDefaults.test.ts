/**
 * The library's exported data (runtimes manifests, each build's keys and facts, reserved names) is
 * frozen, deeply: it is shared by every stack a process renders and by the offline check's preview and
 * update runs (the checker keeps the library loaded across them, as it keeps @pulumi/aws loaded), so a
 * program that changed a default would change the next run's stacks. Changing it throws instead; a
 * changed copy is what a program passes.
 */
import * as authKeys from "../components/config/authKeys";
import * as validate from "../components/config/validate";
import * as builds from "../components/plan/builds";
import * as commonEnv from "../components/plan/commonEnv";
import * as couchdbConfig from "../components/plan/couchdbConfig";
import * as dataVolume from "../components/plan/dataVolume";
import * as designDocumentSums from "../components/plan/designDocumentSums";
import * as flavors from "../components/plan/flavors";
import * as renderController from "../components/plan/renderController";
import * as renderInvoker from "../components/plan/renderInvoker";
import * as startupContract from "../components/plan/startupContract";

function isDeepFrozen(value: unknown, seen = new Set<unknown>()): boolean {
  if (value === null || typeof value !== "object" || seen.has(value)) return true;
  seen.add(value);
  return Object.isFrozen(value) && Reflect.ownKeys(value).every((k) => isDeepFrozen((value as Record<PropertyKey, unknown>)[k], seen));
}

const modules = { authKeys, validate, builds, commonEnv, couchdbConfig, dataVolume, designDocumentSums, flavors, renderController, renderInvoker, startupContract };

test("every exported plain object or array of the plan and config modules is deeply frozen", () => {
  const checked: string[] = [];
  const notFrozen: string[] = [];
  for (const [file, exports] of Object.entries(modules)) {
    for (const [name, value] of Object.entries(exports)) {
      // Data only: plain objects and arrays (a RegExp keeps its lastIndex, a schema its own state).
      if (value === null || typeof value !== "object" || !(Array.isArray(value) || Object.getPrototypeOf(value) === Object.prototype)) continue;
      checked.push(`${file}.${name}`);
      if (!isDeepFrozen(value)) notFrozen.push(`${file}.${name}`);
    }
  }
  expect(notFrozen).toEqual([]);
  expect(checked).toEqual(expect.arrayContaining(["commonEnv.DEFAULT_RUNTIMES_MANIFEST", "flavors.CLUSTER_KEYS", "builds.BUILDS", "startupContract.STARTUP_CONTRACT"]));
});

test("adding a runtime to the default manifest throws; a changed copy is the way", () => {
  expect(() => (commonEnv.DEFAULT_RUNTIMES_MANIFEST.runtimes.nodejs as unknown[]).push({ kind: "nodejs:22" })).toThrow(TypeError);
  expect(commonEnv.DEFAULT_RUNTIMES_MANIFEST.runtimes.nodejs).toHaveLength(1);
  const copy = structuredClone(commonEnv.DEFAULT_RUNTIMES_MANIFEST);
  copy.runtimes.nodejs.push({ ...copy.runtimes.nodejs[0], kind: "nodejs:22", default: false });
  expect(copy.runtimes.nodejs).toHaveLength(2);
});
