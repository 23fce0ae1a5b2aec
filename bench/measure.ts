/** Runs a command as its own process and measures wall time and peak RSS (via reportPeakRss.js). */
import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

export interface Sample {
  seconds: number;
  peakRssMiB: number;
  stdout: string;
  code: number;
}

const RSS_PRELOAD = path.join(__dirname, "reportPeakRss.js");

/** `node [nodeArgs] ...args`, with the RSS reporter preloaded. */
export function measureNode(nodeArgs: string[], cwd: string): Promise<Sample> {
  const rssFile = path.join(os.tmpdir(), `bench-rss-${process.pid}-${Math.random().toString(36).slice(2)}`);
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn(process.execPath, ["-r", RSS_PRELOAD, ...nodeArgs], { cwd, env: { ...process.env, BENCH_RSS_FILE: rssFile }, stdio: ["ignore", "pipe", "inherit"] });
    let stdout = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.on("error", reject);
    child.on("close", (code) => {
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      const kb = Number(fs.readFileSync(rssFile, "utf8"));
      fs.rmSync(rssFile, { force: true });
      resolve({ seconds, peakRssMiB: kb / 1024, stdout, code: code ?? -1 });
    });
  });
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}
