/** Tiny, strict flag parser shared by the commands: unknown flags are errors (exit 2), never ignored. */

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

export interface FlagSpec {
  /** Flags that take a value, e.g. --stack <name>. */
  values: string[];
  /** Boolean flags, e.g. --json. */
  switches: string[];
}

export function parseFlags(argv: string[], spec: FlagSpec): { values: Record<string, string>; switches: Set<string> } {
  const values: Record<string, string> = {};
  const switches = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.indexOf("=");
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    if (spec.values.includes(flag)) {
      const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
      if (value === undefined || value === "") throw new UsageError(`${flag} needs a value`);
      values[flag] = value;
    } else if (spec.switches.includes(flag) && eq < 0) {
      switches.add(flag);
    } else {
      throw new UsageError(`unknown argument ${JSON.stringify(arg)} (expected ${[...spec.values.map((v) => `${v} <value>`), ...spec.switches].join(", ")})`);
    }
  }
  return { values, switches };
}
