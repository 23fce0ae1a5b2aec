/**
 * A bounded cache of a pure function of one text: the offline check runs a program twice (a preview,
 * then after an update) and reads every host's user data in both, and most hosts of a stack share
 * most of their files, so the same text is rendered, compressed or parsed many times over. Entries
 * are never changed once stored (callers treat them as read-only); when the cache is full it starts
 * over, so a huge stack cannot grow it without limit.
 */
export interface TextCache<V> {
  /** The value for `text`: the stored one, else `compute(text)`, stored. */
  get(text: string, compute: (text: string) => V): V;
}

export function textCache<V>(limit = 4096): TextCache<V> {
  const entries = new Map<string, V>();
  return {
    get(text, compute) {
      const hit = entries.get(text);
      if (hit !== undefined || entries.has(text)) return hit as V;
      const value = compute(text);
      if (entries.size >= limit) entries.clear();
      entries.set(text, value);
      return value;
    },
  };
}
