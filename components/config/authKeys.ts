/**
 * The shape of an OpenWhisk auth key, and the keys that must never be deployed.
 *
 * An auth key is `<uuid>:<key>`. Every build's `Secret` requires the key part to be exactly 64
 * characters (`MIN_LENGTH = MAX_LENGTH = 64`, `require(str.length >= MIN_LENGTH)` and `<= MAX_LENGTH`:
 * common/scala/src/main/scala/whisk/core/entity/Secret.scala at febde0042,
 * common/scala/src/main/scala/org/apache/openwhisk/core/entity/Secret.scala at 1.0.0, 2.0.0 and 1fae641).
 * Authentication builds the `Secret` inside a `Try`, so a key of any other length is not an error
 * anywhere: every call with it is a plain 401 (febde0042 core/controller/.../Authenticate.scala; 1.0.0
 * and later common/scala/.../http/BasicAuthenticationDirective.scala).
 *
 * Upstream publishes default keys in `ansible/files/auth.guest` and `ansible/files/auth.whisk.system`
 * (the same two keys at every tag above). Anyone can read them, so a deployment that uses them is
 * open to everyone. Only their SHA-256 is kept here (of the key part after the colon), so this project
 * carries no copy of them.
 */
import { createHash } from "node:crypto";
import { deepFreeze } from "../plan/deepFreeze";

/** Length of the key part every build's Secret requires. */
export const AUTH_KEY_SECRET_LENGTH = 64;

/** `<lowercase uuid>:<64 letters or digits>`. */
export const AUTH_KEY_PATTERN = new RegExp(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}:[A-Za-z0-9]{${AUTH_KEY_SECRET_LENGTH}}$`);

export const AUTH_KEY_EXPECTED = `an auth key <uuid>:<key> (a lowercase UUID, a colon, exactly ${AUTH_KEY_SECRET_LENGTH} letters or digits: every build's Secret requires 64, any other length is a 401 on every call)`;

/** SHA-256 (hex) of the key part of upstream's published keys, and the file each one is published in. */
export const PUBLISHED_AUTH_KEYS: Readonly<Record<string, string>> = {
  "67431a47497f99a49b5c9e99f5433230b4f09ac09662ba8ee2b3a46ad3c71937": "ansible/files/auth.guest",
  f5fdf89c699e58be24c522d9187f04b751199c02e1d9f60fdbf0d65799b95fd6: "ansible/files/auth.whisk.system",
};

/** The upstream file that publishes this key (its key part), or undefined for a key of one's own. */
export function publishedAuthKeySource(authKey: string, published: Readonly<Record<string, string>> = PUBLISHED_AUTH_KEYS): string | undefined {
  const colon = authKey.indexOf(":");
  const secret = colon >= 0 ? authKey.slice(colon + 1) : authKey;
  return published[createHash("sha256").update(secret, "utf8").digest("hex")];
}

/** What is wrong with an auth key (its shape, or that it is published upstream), or undefined when it is usable. */
export function authKeyProblem(authKey: string): string | undefined {
  if (!AUTH_KEY_PATTERN.test(authKey)) return `expected ${AUTH_KEY_EXPECTED}`;
  const published = publishedAuthKeySource(authKey);
  if (published !== undefined) {
    return `expected a key of your own: this is upstream's published key (apache/openwhisk ${published}), readable by anyone; generate one (leave the key unset) or set a new <uuid>:<64 letters or digits>`;
  }
  return undefined;
}

// Shared by every stack this process renders: never changed (deepFreeze.ts).
deepFreeze(PUBLISHED_AUTH_KEYS);
