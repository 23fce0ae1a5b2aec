/**
 * One decider per cluster: a lease. Two supervisors deciding at once, each on its own side of a
 * partition, is split brain by another name, so a copy decides only while it holds the lease, and
 * checks that before every round (supervisorRound.ts).
 *
 * The rule is pure (`leaseAfter`): a holder keeps the lease by renewing it every round; another copy
 * may take it only when it has expired (not renewed for `ttlMs`, which is several intervals). The stores:
 * - docker: a lease file in the supervisor's host directory, created with an exclusive link (fails if it
 *   exists), renewed by the holder with an atomic rename, taken over only after expiry by renaming the
 *   expired file away first (one rename of that file can succeed). The engine also refuses a second
 *   container with the supervisor's name.
 * - aws: an SSM parameter written with `Overwrite: false` to take it, and renewed by the holder (see
 *   README); the supervisor runs as one unit on the core host, of which there is one.
 */
import { linkSync, readFileSync, renameSync, unlinkSync, writeFileSync } from "node:fs";

export interface Lease {
  holder: string;
  /** When it was last renewed (ms since the epoch). */
  renewedAt: number;
}

/** Whether `me` may hold the lease at `now`, given the current one: keep/renew, take (none or expired), or refuse. */
export function leaseAfter(current: Lease | undefined, me: string, now: number, ttlMs: number): { hold: boolean; lease?: Lease; why: string } {
  if (!current) return { hold: true, lease: { holder: me, renewedAt: now }, why: "no lease: taken" };
  if (current.holder === me) return { hold: true, lease: { holder: me, renewedAt: now }, why: "renewed" };
  if (now - current.renewedAt > ttlMs) return { hold: true, lease: { holder: me, renewedAt: now }, why: `expired lease of ${current.holder} taken over` };
  return { hold: false, why: `held by ${current.holder} (renewed ${now - current.renewedAt} ms ago)` };
}

function readLease(path: string): Lease | undefined {
  try {
    const v = JSON.parse(readFileSync(path, "utf8"));
    return typeof v.holder === "string" && typeof v.renewedAt === "number" ? v : undefined;
  } catch {
    return undefined;
  }
}

/** The docker store: a lease file. Returns whether `me` holds the lease after this call. */
export function fileLease(path: string, me: string, now: number, ttlMs: number): boolean {
  const current = readLease(path);
  const verdict = leaseAfter(current, me, now, ttlMs);
  if (!verdict.hold) return false;
  const tmp = `${path}.${process.pid}.${now}`;
  writeFileSync(tmp, JSON.stringify(verdict.lease));
  try {
    if (current && current.holder === me) {
      renameSync(tmp, path);
    } else {
      if (current) {
        // Expired: move exactly that file away; a racing taker finds it gone and its link below fails.
        try {
          renameSync(path, `${path}.expired.${process.pid}.${now}`);
        } catch {
          return false;
        }
      }
      try {
        linkSync(tmp, path);
      } catch {
        return false;
      }
    }
  } finally {
    try {
      unlinkSync(tmp);
    } catch {
      /* renamed */
    }
  }
  return readLease(path)?.holder === me;
}
