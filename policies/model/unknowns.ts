/**
 * Values that are not known yet (the preview of a new stack): the engine's sentinels, one per
 * type. The policies never read an unknown as if it were a value; they fall back to the resource
 * graph (property dependencies) instead.
 */
const SENTINELS = new Set([
  "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7", // boolean
  "3eeb2bf0-c639-47a8-9e75-3b44932eb421", // number
  "04da6b54-80e4-46f7-96ec-b56ff0331ba9", // string (also what the SDK serialises every unknown as)
  "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2", // array
  "030794c1-ac77-496b-92df-f27374a8bd58", // asset
  "e48ece36-62e2-4504-bad9-02848725956a", // archive
  "dd056dcd-154b-4c76-9bd3-c8f88648b5ff", // object
]);

export function isUnknown(value: unknown): boolean {
  return typeof value === "string" && SENTINELS.has(value);
}

/** A known string, or undefined for absent and unknown values. */
export function knownString(value: unknown): string | undefined {
  return typeof value === "string" && !SENTINELS.has(value) ? value : typeof value === "number" ? String(value) : undefined;
}

export function knownArray(value: unknown): unknown[] | undefined {
  return Array.isArray(value) ? value : undefined;
}
