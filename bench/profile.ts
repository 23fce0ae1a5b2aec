/** Self time of a V8 CPU profile, grouped by package (or project file) and by function. */
import * as fs from "fs";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

export function summarizeProfile(file: string, root: string, top = 12): string {
  const profile = JSON.parse(fs.readFileSync(file, "utf8")) as { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const byGroup = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let total = 0;
  for (const [id, micros] of self) {
    total += micros;
    const frame = nodes.get(id)!.callFrame;
    const pkg = /node_modules\/((@[^/]+\/)?[^/]+)/.exec(frame.url)?.[1];
    const group = pkg ?? (frame.url ? frame.url.replace(`file://${root}/`, "").replace(/^node:.*/, "node (module loading, fs, ...)") : `(${frame.functionName || "native"})`);
    byGroup.set(group, (byGroup.get(group) ?? 0) + micros);
    const fn = `${frame.functionName || "(anonymous)"} ${frame.url.replace(/.*node_modules\//, "").replace(`file://${root}/`, "")}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + micros);
  }
  const fmt = (entries: Map<string, number>) =>
    [...entries].sort((a, b) => b[1] - a[1]).slice(0, top).map(([k, v]) => `${(v / 1000).toFixed(0).padStart(6)} ms ${((100 * v) / total).toFixed(0).padStart(3)}%  ${k}`);
  return [`total sampled: ${(total / 1000).toFixed(0)} ms`, "", "by package / file:", ...fmt(byGroup), "", "by function:", ...fmt(byFunction)].join("\n");
}
