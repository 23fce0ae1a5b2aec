/**
 * Invokers get only keys their build reads. INVOKER_USE_RUNC is read only by the 2017 build
 * (febde0042 ansible/roles/invoker/tasks/deploy.yml passes it); from 1.0.0 on the switch is
 * whisk.docker.container-factory.use-runc. DB_WHISK_* and WHISK_LOGS_DIR are WhiskConfig names no
 * image from 1.0.0 on reads (only tools/admin/wskadmin and tools/dev mention them).
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { parseStackConfig } from "../components/config/validate";
import { FLAVORS } from "../components/config/flavorNames";
import { BUILDS } from "../components/plan/builds";
import { renderStack } from "../components/plan/renderStack";
import { rawConfig } from "./support/configs";

const MIRROR = process.env.OPENWHISK_SOURCE_MIRROR ?? "/work/.mirror/apache+openwhisk/repo";
const DROPPED = ["INVOKER_USE_RUNC", "DB_WHISK_ACTIONS", "DB_WHISK_ACTIVATIONS", "DB_WHISK_AUTHS", "WHISK_LOGS_DIR"];
const MODERN = FLAVORS.filter((f) => f !== "legacy-2017");

const invokers = (flavor: (typeof FLAVORS)[number], useRunc: boolean, target: "docker" | "aws") =>
  renderStack(parseStackConfig(rawConfig({ flavor, useRunc, target })), "t").nodes.filter((n) => n.role === "invoker");

describe("keys no build reads are not rendered", () => {
  test.each(MODERN)("%s invokers: no INVOKER_USE_RUNC, DB_WHISK_*, WHISK_LOGS_DIR (runc on and off, both targets)", (flavor) => {
    for (const target of ["docker", "aws"] as const) {
      for (const useRunc of [true, false]) {
        for (const n of invokers(flavor, useRunc, target)) expect(Object.keys(n.env).filter((k) => DROPPED.includes(k))).toEqual([]);
      }
    }
  });

  test("legacy-2017 invokers keep what febde0042's deploy.yml passes: INVOKER_USE_RUNC, DB_WHISK_ACTIONS, DB_WHISK_ACTIVATIONS", () => {
    for (const n of invokers("legacy-2017", false, "docker")) {
      expect(n.env.INVOKER_USE_RUNC).toBe("false");
      expect(Object.keys(n.env)).toEqual(expect.arrayContaining(["DB_WHISK_ACTIONS", "DB_WHISK_ACTIVATIONS"]));
    }
  });

  (existsSync(MIRROR) ? test.each(MODERN) : test.skip.each(MODERN))("%s: no image source at its ref reads them", (flavor) => {
    const ref = BUILDS[flavor].sourceRef.length === 40 ? BUILDS[flavor].sourceRef : `refs/tags/${BUILDS[flavor].sourceRef}`;
    const out = execFileSync("sh", ["-c", `git -C "$0" grep -l -E "$1" "$2" -- common core || true`, MIRROR, DROPPED.join("|"), ref], { encoding: "utf8" });
    expect(out.trim()).toBe("");
  });
});
