/**
 * Auth keys (the first hop every `wsk` call takes: controller authentication). Every build's `Secret`
 * requires a key part of exactly 64 characters: MIN_LENGTH = MAX_LENGTH = 64 in
 * common/scala/src/main/scala/whisk/core/entity/Secret.scala (febde0042) and
 * common/scala/src/main/scala/org/apache/openwhisk/core/entity/Secret.scala (1.0.0, 2.0.0, 1fae641).
 * Authentication wraps it in a Try, so any other length is a silent 401.
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { formatIssue } from "../components/config/errors";
import { AUTH_KEY_PATTERN, publishedAuthKeySource } from "../components/config/authKeys";
import { validateStackConfig } from "../components/config/validate";
import { rawConfig } from "./support/configs";
import { ofType, runUnderMocks, stackConfig } from "./support/mockRun";

const UUID = "0f1e2d3c-4b5a-4697-8877-665544332211";
const key = (n: number) => `${UUID}:${"aZ9".repeat(30).slice(0, n)}`;

function messagesFor(k: "guestAuthKey" | "systemAuthKey", value: string): string[] {
  const result = validateStackConfig({ ...rawConfig(), [`openwhisk:${k}`]: value });
  return result.ok ? [] : result.issues.filter((i) => i.key === `openwhisk:${k}`).map(formatIssue);
}

describe("openwhisk:guestAuthKey and openwhisk:systemAuthKey accept only <uuid>:<64 letters or digits>", () => {
  test.each(["guestAuthKey", "systemAuthKey"] as const)("%s: 64 accepted; 32, 63 and 65 refused naming the key, the value hidden", (k) => {
    expect(messagesFor(k, key(64))).toEqual([]);
    for (const n of [32, 63, 65]) {
      const [message] = messagesFor(k, key(n));
      expect(message).toMatch(new RegExp(`^openwhisk:${k}: got a secret value \\(not shown\\)`));
      expect(message).toContain("exactly 64 letters or digits");
      expect(message).not.toContain(key(n).split(":")[1]);
    }
  });

  test("the shape: lowercase uuid, one colon, letters or digits only", () => {
    expect(AUTH_KEY_PATTERN.test(key(64))).toBe(true);
    expect(AUTH_KEY_PATTERN.test(key(64).toUpperCase())).toBe(false);
    expect(AUTH_KEY_PATTERN.test(`${key(63)}-`)).toBe(false);
    expect(AUTH_KEY_PATTERN.test(key(64).replace(":", "::"))).toBe(false);
  });
});

describe("upstream's published keys are refused", () => {
  const MIRROR = process.env.OPENWHISK_SOURCE_MIRROR ?? "/work/.mirror/apache+openwhisk/repo";
  const refs = ["febde0042", "refs/tags/1.0.0", "refs/tags/2.0.0", "1fae641"];
  const published = (ref: string, file: string) => execFileSync("git", ["-C", MIRROR, "show", `${ref}:ansible/files/${file}`], { encoding: "utf8" }).trim();

  (existsSync(MIRROR) ? test.each(refs) : test.skip.each(refs))("ansible/files/auth.guest and auth.whisk.system at %s, at both keys, naming the key and the file", (ref) => {
    for (const file of ["auth.guest", "auth.whisk.system"]) {
      const value = published(ref, file);
      for (const k of ["guestAuthKey", "systemAuthKey"] as const) {
        const [message] = messagesFor(k, value);
        expect(message).toMatch(new RegExp(`^openwhisk:${k}: got a secret value \\(not shown\\)`));
        expect(message).toContain(`apache/openwhisk ansible/files/${file}`);
        expect(message).not.toContain(value.split(":")[1]);
      }
      // Its key part under another uuid is the same published secret.
      expect(publishedAuthKeySource(`${UUID}:${value.split(":")[1]}`)).toBe(`ansible/files/${file}`);
    }
  });

  test("the refusal reads the digest of the key part only (a key of one's own passes)", () => {
    const secret = "Q".repeat(64);
    const digest = require("node:crypto").createHash("sha256").update(secret).digest("hex");
    expect(publishedAuthKeySource(`${UUID}:${secret}`, { [digest]: "ansible/files/auth.test" })).toBe("ansible/files/auth.test");
    expect(publishedAuthKeySource(`${UUID}:${"R".repeat(64)}`, { [digest]: "ansible/files/auth.test" })).toBeUndefined();
    expect(publishedAuthKeySource(key(64))).toBeUndefined();
  });
});

describe("generated auth keys", () => {
  test("guest and system keys are generated as <uuid>:<64 letters or digits>", async () => {
    const run = await runUnderMocks(stackConfig("local"), { stack: "local" });
    const passwords = ofType(run, "random:index/randomPassword:RandomPassword");
    for (const k of ["guestAuthKey", "systemAuthKey"]) {
      const p = passwords.find((r) => r.name.endsWith(`-${k}`));
      expect({ k, length: p?.inputs.length, special: p?.inputs.special }).toEqual({ k, length: 64, special: false });
    }
    expect(ofType(run, "random:index/randomUuid:RandomUuid").map((r) => r.name).sort()).toEqual(expect.arrayContaining([expect.stringMatching(/guestAuthKey-uuid$/), expect.stringMatching(/systemAuthKey-uuid$/)]));
  });
});
