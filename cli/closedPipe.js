// Output piped into a reader that stops early (`npm run check -- --json | head -1`, `| jq -e ...`
// that exits on the first match): writing to the closed pipe fails with EPIPE. The reader has what it
// wanted, so this is not an error of the command: no stack trace, the command finishes with its own
// exit code. Any other stdout error is still thrown. Loaded by cli/register.js, so every command has it.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (e) => {
    if (e && e.code === "EPIPE") return;
    throw e;
  });
}
