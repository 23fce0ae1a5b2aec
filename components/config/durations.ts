/**
 * Durations as Akka/Pekko (HOCON) read them: a number and a unit, e.g. `10s`, `500ms`, `2 minutes`.
 * We accept the HOCON unit spellings and normalise to the short form the images parse.
 */

const UNITS: Record<string, { short: string; ms: number }> = {
  ms: { short: "ms", ms: 1 },
  millis: { short: "ms", ms: 1 },
  millisecond: { short: "ms", ms: 1 },
  milliseconds: { short: "ms", ms: 1 },
  s: { short: "s", ms: 1000 },
  second: { short: "s", ms: 1000 },
  seconds: { short: "s", ms: 1000 },
  m: { short: "m", ms: 60_000 },
  minute: { short: "m", ms: 60_000 },
  minutes: { short: "m", ms: 60_000 },
  h: { short: "h", ms: 3_600_000 },
  hour: { short: "h", ms: 3_600_000 },
  hours: { short: "h", ms: 3_600_000 },
  d: { short: "d", ms: 86_400_000 },
  day: { short: "d", ms: 86_400_000 },
  days: { short: "d", ms: 86_400_000 },
};

const DURATION = /^\s*(\d+)\s*([a-z]+)\s*$/;

export interface Duration {
  /** The normalised HOCON form, e.g. `10s`. */
  text: string;
  /** The duration in milliseconds. */
  ms: number;
}

/** Parses a positive HOCON duration; returns undefined when it does not parse or is zero. */
export function parseDuration(value: string): Duration | undefined {
  const match = DURATION.exec(value);
  if (!match) return undefined;
  const unit = UNITS[match[2]];
  if (!unit) return undefined;
  const amount = Number(match[1]);
  if (!Number.isSafeInteger(amount) || amount <= 0) return undefined;
  return { text: `${amount}${unit.short}`, ms: amount * unit.ms };
}

export const DURATION_EXPECTED = "a positive duration such as 10s, 500ms, 2m or 1h (units ms, s, m, h, d)";
