// Preloaded into every measured process (node -r): at exit, writes the process's peak resident set
// size (KB, from getrusage) to the file named by BENCH_RSS_FILE, so stdout stays the command's own.
const fs = require("fs");
process.on("exit", () => {
  if (process.env.BENCH_RSS_FILE) fs.writeFileSync(process.env.BENCH_RSS_FILE, String(process.resourceUsage().maxRSS));
});
