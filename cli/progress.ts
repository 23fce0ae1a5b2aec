/**
 * Progress of long work on stderr, so stdout keeps only the result: one line per phase with its time
 * ("name ... 2.1 s"), and on a terminal a line that is redrawn in place for counted steps
 * ("[12/35] name"). Commands pass quiet for --json (and other machine output).
 */

/** Runs one phase, saying what it does and how long it took. */
export async function phase<T>(quiet: boolean, what: string, work: () => Promise<T>): Promise<T> {
  const start = Date.now();
  if (!quiet) process.stderr.write(`${what} ...\n`);
  const result = await work();
  if (!quiet) process.stderr.write(`${what}: done in ${((Date.now() - start) / 1000).toFixed(1)} s\n`);
  return result;
}

/** Counted steps: a bar redrawn in place on a terminal, else one line per step. */
export function counter(quiet: boolean, total: number, label: string): { step(name: string): void; done(): void } {
  const tty = process.stderr.isTTY === true;
  let n = 0;
  return {
    step(name: string) {
      n += 1;
      if (quiet) return;
      if (tty) {
        const width = 20;
        const filled = Math.round((n / total) * width);
        process.stderr.write(`\r${label} [${"#".repeat(filled)}${".".repeat(width - filled)}] ${n}/${total} ${name}`.slice(0, (process.stderr.columns ?? 100) - 1).padEnd(Math.min(process.stderr.columns ?? 100, 100) - 1));
      } else process.stderr.write(`${label} ${n}/${total}: ${name}\n`);
    },
    done() {
      if (!quiet && tty) process.stderr.write("\n");
    },
  };
}
