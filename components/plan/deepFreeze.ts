/**
 * Freezes exported data of the library, deeply: the defaults and tables a program may read (runtimes
 * manifests, each build's keys and facts) are shared by everything that loads the library, every
 * stack a process renders, and the offline check's preview and update runs, which keep the library
 * loaded as they keep `@pulumi/aws` loaded. A program that wants another value passes its own
 * (a changed copy); changing the shared one throws instead of changing the next run's stacks.
 */
export function deepFreeze(...values: unknown[]): void {
  for (const value of values) freeze(value);
}

function freeze(value: unknown): void {
  if (value === null || (typeof value !== "object" && typeof value !== "function") || Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const key of Reflect.ownKeys(value as object)) freeze((value as Record<PropertyKey, unknown>)[key]);
}
