/**
 * Runs a command's `main` so that it always ends with a verdict or exit 2, never silently: an error
 * thrown or rejected anywhere (also outside a program run, e.g. from a program's timer after its run),
 * and an event loop that empties while the program still has Pulumi promises active (Node would exit 0
 * with nothing printed), end the command with exit 2 and a message naming the program and the error.
 */
import { runInProgress } from "./offline/checkProgram";

function describe(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export function runCommand(name: string, main: (argv: string[]) => Promise<number>): void {
  let finished = false;
  const fail = (message: string) => {
    if (finished) return;
    finished = true;
    process.stderr.write(`${name}: ${message}\n`);
    process.exit(2);
  };
  const onError = (e: unknown) => {
    // During a program run the run itself collects the error and reports it with the program named.
    if (runInProgress()) return;
    fail(`failed: ${describe(e)}`);
  };
  process.on("uncaughtException", onError);
  process.on("unhandledRejection", onError);
  process.on("beforeExit", () => {
    fail(runInProgress()?.message ?? "ended without a verdict");
  });
  // A program that calls process.exit itself (process.exit(0) in an apply or at the top level) would
  // end the command with that code and no verdict; the engine's host runs no checks after it either.
  process.on("exit", (code) => {
    if (finished) return;
    finished = true;
    const run = runInProgress();
    const who = run ? run.message.replace(/ run: .*$/s, " run") : "the command";
    process.stderr.write(`${name}: ${who}: process.exit(${code}) was called before a verdict\n`);
    process.exitCode = 2;
  });
  main(process.argv.slice(2)).then(
    (code) => {
      finished = true;
      process.exit(code);
    },
    (e) => fail(describe(e)),
  );
}
