#!/usr/bin/env node
// Rewrites references to documents a reader of this repository does not have into references to the
// project's own docs: "facts §N" (a team-internal notes file) -> the docs/ section that holds what the
// project relies on, and "issue N" (the team's tracker) -> nothing (the text says what it is about).
// Idempotent; re-run after merging: `node .ci/sweepDocReferences.js` (all tracked files) or with paths.
// Exits 1 listing any reference it could not map.
"use strict";
const { execFileSync } = require("child_process");
const fs = require("fs");

/** Where each section of the old notes now lives. */
const FACTS = {
  1: "docs/builds.md#controller-cluster-keys-per-build",
  2: "docs/builds.md#how-a-build-turns-env-variables-into-settings",
  3: "docs/builds.md#what-a-controller-needs-before-it-serves",
  4: "docs/builds.md#invokers-and-runc",
  5: "docs/builds.md#default-ports",
  6: "docs/builds.md#controller-cluster-keys-per-build",
  7: "docs/testing.md#pulumi-without-the-cli",
  8: "docs/testing.md#pulumi-without-the-cli",
  9: "docs/builds.md#which-load-balancer-uses-the-cluster",
  10: "docs/builds.md#split-brain-resolver-akka-26-pekko",
  11: "docs/testing.md#a-docker-engine-for-the-tests",
  12: "docs/builds.md#serving-a-first-invoke",
  13: "docs/builds.md#manual-downing",
};
const NAMED = { 'facts §3 "Databases"': "docs/builds.md#databases" };

const link = (n) => {
  const target = FACTS[Number(n)];
  if (!target) throw new Error(`no docs section for facts §${n}`);
  return target;
};

function sweep(text) {
  let out = text;
  for (const [from, to] of Object.entries(NAMED)) out = out.split(from).join(to);
  // "facts §1, §4" and "facts §3 ..." -> the docs sections, de-duplicated.
  out = out.replace(/facts §(\d+)((?:,\s*§\d+)*)/g, (_, first, rest) => [...new Set([first, ...(rest.match(/\d+/g) ?? [])].map(link))].join(", "));
  // Doc comments that start with "Issue N[ §M][ qualifier]: text" -> "[Qualifier: ]Text".
  out = out.replace(/^(\s*(?:\*|\/\/)\s*)Issue \d+(?: §\d+)?(?: ([^:\n]+))?:\s*(.)/gm, (_, prefix, qualifier, next) =>
    qualifier ? `${prefix}${qualifier[0].toUpperCase()}${qualifier.slice(1)}: ${next}` : `${prefix}${next.toUpperCase()}`);
  // "(issue N)" and "(issue N §M)" -> nothing; "of issue N" -> nothing.
  out = out.replace(/ \(issue \d+(?: §\d+)?\)/g, "").replace(/ of issue \d+/g, "");
  return out;
}

const SELF = ".ci/sweepDocReferences.js";
const files = process.argv.length > 2 ? process.argv.slice(2) : execFileSync("git", ["ls-files"], { encoding: "utf8" }).split("\n").filter((f) => /\.(ts|js|md|yaml|yml|json)$|^\.ci\/run$/.test(f) && f !== SELF && !f.startsWith("docs/") && fs.existsSync(f));
let changed = 0;
const left = [];
for (const file of files) {
  const text = fs.readFileSync(file, "utf8");
  const swept = sweep(text);
  if (swept !== text) {
    fs.writeFileSync(file, swept);
    changed += 1;
  }
  swept.split("\n").forEach((line, i) => {
    if (/facts §|\bissue #?\d+|\.\.\/shared/i.test(line)) left.push(`${file}:${i + 1}: ${line.trim()}`);
  });
}
process.stdout.write(`swept ${changed} file(s)\n`);
if (left.length) {
  process.stdout.write(`references left to rewrite by hand:\n${left.join("\n")}\n`);
  process.exitCode = 1;
}
