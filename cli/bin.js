#!/usr/bin/env node
// `openwhisk-static-cluster <command> [flags]` (package.json "bin"): the project's commands under one
// name, so `npx openwhisk-static-cluster check --json | jq .ok` works in a checkout after `npm ci`.
// Each command runs as `npm run <command>` runs it (same flags, stdout, stderr and exit code), minus
// npm's own banner on stdout. The commands need this repository's sources (the stacks, the program,
// the policy pack); the npm package ships the components only.
"use strict";
const { spawnSync } = require("child_process");
const fs = require("fs");
const path = require("path");

const ROOT = path.resolve(__dirname, "..");
const COMMANDS = {
  check: "cli/check.ts",
  render: "cli/render.ts",
  preview: "cli/preview.ts",
  plan: "cli/plan.ts",
  corpus: "cli/corpus.ts",
  bench: "bench/run.ts",
  "policy:bundle": "cli/bundlePolicyPack.ts",
};

function usage() {
  return [
    "Usage: openwhisk-static-cluster <command> [flags]   (or: npm run <command> -- [flags])",
    "",
    "Commands (each takes --help):",
    ...Object.keys(COMMANDS).map((c) => `  ${c}`),
    "",
    "Exit codes: those of the command; 2 for an unknown command.",
    "",
  ].join("\n");
}

const [command, ...args] = process.argv.slice(2);
if (command === undefined || command === "--help" || command === "-h") {
  process.stdout.write(usage());
  process.exit(command === undefined ? 2 : 0);
}
const script = COMMANDS[command];
if (!script) {
  process.stderr.write(`openwhisk-static-cluster: unknown command ${JSON.stringify(command)}\n${usage()}`);
  process.exit(2);
}
if (!fs.existsSync(path.join(ROOT, script))) {
  process.stderr.write(`openwhisk-static-cluster: ${command} runs from a checkout of this repository (git clone, then npm ci); the npm package holds the components only\n`);
  process.exit(2);
}
const run = spawnSync(process.execPath, ["--expose-gc", "-r", path.join(ROOT, "cli", "register.js"), path.join(ROOT, script), ...args], { stdio: "inherit" });
process.exit(run.status ?? 2);
