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

/** What `<command> --help` prints: a usage line, one line per flag, the exit codes. */
export interface CommandHelp {
  /** The command as typed, e.g. "npm run check --". */
  usage: string;
  /** One sentence: what the command does. */
  summary: string;
  /** Every flag the command accepts (each of its FlagSpec), with what it does. */
  flags: Record<string, string>;
  /** Exit code -> meaning. */
  exitCodes: Record<number, string>;
}

/** Whether the arguments ask for help (`--help` or `-h` anywhere: help wins over other arguments). */
export function wantsHelp(argv: string[]): boolean {
  return argv.includes("--help") || argv.includes("-h");
}

/** The help text; flags that take a value are shown with `<value>`. */
export function helpText(help: CommandHelp, spec: FlagSpec): string {
  const name = (f: string) => (spec.values.includes(f) ? `${f} <value>` : f);
  const all = [...spec.values, ...spec.switches, "--help"];
  const described: Record<string, string> = { ...help.flags, "--help": "print this help and exit 0" };
  const missing = all.filter((f) => !(f in described));
  if (missing.length) throw new Error(`help for ${help.usage} does not describe ${missing.join(", ")}`);
  const width = Math.max(...all.map((f) => name(f).length));
  return [
    `Usage: ${help.usage} ${all.map((f) => `[${name(f)}]`).join(" ")}`,
    "",
    help.summary,
    "",
    "Flags:",
    ...all.map((f) => `  ${name(f).padEnd(width)}  ${described[f]}`),
    "",
    "Exit codes:",
    ...Object.entries(help.exitCodes).map(([code, meaning]) => `  ${code}  ${meaning}`),
    "",
  ].join("\n");
}

/** Prints the help on stdout when asked for; returns whether it did (the command then exits 0). */
export function printHelpIfAsked(argv: string[], help: CommandHelp, spec: FlagSpec): boolean {
  if (!wantsHelp(argv)) return false;
  process.stdout.write(helpText(help, spec));
  return true;
}
