/**
 * A bounded cache of a pure function of one text: the offline check runs a program twice (a preview,
 * then after an update) and reads every host's user data in both, and most hosts of a stack share
 * most of their files, so the same text is rendered, compressed or parsed many times over. Entries
 * are never changed once stored (callers treat them as read-only); when the cache is full it starts
 * over, so a huge stack cannot grow it without limit.
 *
 * A long text is keyed by its SHA-256, not by itself: V8 hashes a string longer than 16383 characters
 * by its length alone, so the user data of a thousand hosts that differ only in a host's number all
 * land in one bucket of a Map keyed by text, and every lookup compares 20 KB strings with each other
 * (measured: 0.6 s for 1000 such keys, 30 ms with digests).
 */
import { createHash } from "node:crypto";

export interface TextCache<V> {
  /** The value for `text`: the stored one, else `compute(text)`, stored. */
  get(text: string, compute: (text: string) => V): V;
}

/** Texts up to this length are their own key (V8 hashes their characters). */
const KEY_AS_IS = 1024;

function keyOf(text: string): string {
  return text.length <= KEY_AS_IS ? `=${text}` : `#${createHash("sha256").update(text).digest("base64")}`;
}

export function textCache<V>(limit = 4096): TextCache<V> {
  const entries = new Map<string, V>();
  return {
    get(text, compute) {
      const key = keyOf(text);
      const hit = entries.get(key);
      if (hit !== undefined || entries.has(key)) return hit as V;
      const value = compute(text);
      if (entries.size >= limit) entries.clear();
      entries.set(key, value);
      return value;
    },
  };
}
