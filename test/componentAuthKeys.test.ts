/**
 * Auth keys given through the component API (OpenWhiskCluster / OpenWhiskSecrets `secrets`) skip the
 * stack config's validation, yet reach the subjects database just the same. Every build's `Secret`
 * requires a key part of exactly 64 characters (common/scala/src/main/scala/whisk/core/entity/Secret.scala
 * at febde0042; .../org/apache/openwhisk/core/entity/Secret.scala at 1.0.0, 2.0.0, 1fae641), any other
 * length being a silent 401, and upstream's ansible/files/auth.guest is published at every tag.
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import * as pulumi from "@pulumi/pulumi";
import { ConfigError } from "../components/config/errors";
import { OpenWhiskCluster } from "../components/openWhiskCluster";
import { OpenWhiskSecrets } from "../components/secrets";
import { configToSettings } from "../components/settings";
import { parseStackConfig } from "../components/config/validate";
import { rawConfig } from "./support/configs";

const UUID = "0f1e2d3c-4b5a-4697-8877-665544332211";
const key = (n: number) => `${UUID}:${"aZ9".repeat(30).slice(0, n)}`;

pulumi.runtime.setMocks(
  { newResource: (a) => ({ id: `${a.name}-id`, state: a.inputs }), call: (a) => a.inputs },
  "project",
  "stack",
  false,
);

function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  return undefined;
}

describe("auth keys given to the components are checked like openwhisk:guestAuthKey / systemAuthKey", () => {
  test.each(["guestAuthKey", "systemAuthKey"] as const)("OpenWhiskSecrets: %s of 32 characters refused at once, naming the key, value hidden; 64 accepted", (k) => {
    const error = thrown(() => new OpenWhiskSecrets(`s-${k}-32`, { given: { [k]: key(32) } }));
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain(`openwhisk:${k}: got "[secret]"`);
    expect((error as Error).message).toContain("exactly 64 letters or digits");
    expect((error as Error).message).not.toContain(key(32).split(":")[1]);
    expect(thrown(() => new OpenWhiskSecrets(`s-${k}-64`, { given: { [k]: key(64) } }))).toBeUndefined();
  });

  test("OpenWhiskCluster: a 32-character guest key is refused before the cluster exists", () => {
    const settings = configToSettings(parseStackConfig(rawConfig()));
    const error = thrown(() => new OpenWhiskCluster("c", { ...settings, stack: "t", secrets: { guestAuthKey: key(32) } }));
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain("openwhisk:guestAuthKey");
  });

  const MIRROR = process.env.OPENWHISK_SOURCE_MIRROR ?? "/work/.mirror/apache+openwhisk/repo";
  (existsSync(MIRROR) ? test : test.skip)("upstream's published ansible/files/auth.guest (1fae641) is refused through the component", () => {
    const published = execFileSync("git", ["-C", MIRROR, "show", "1fae641:ansible/files/auth.guest"], { encoding: "utf8" }).trim();
    const error = thrown(() => new OpenWhiskSecrets("s-published", { given: { guestAuthKey: published } }));
    expect((error as Error).message).toContain("apache/openwhisk ansible/files/auth.guest");
  });
});
