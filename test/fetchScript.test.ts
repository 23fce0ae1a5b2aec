/**
 * The fetch script an aws host's unit runs before a container with fetched files (the supervisor's
 * program, plan/programObjects.ts), run for real under `sh` with a stand-in `aws` CLI that serves S3
 * objects from a directory: a file is used only when its download has the SHA-256 the user data carries;
 * a changed object or a failed download stops the script (so the unit does not start) and leaves what
 * was in place untouched.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fetchScript } from "../components/plan/cloudInit";
import type { ContainerSpec } from "../components/plan/containerSpec";
import { programObjects, withFetchedProgram } from "../components/plan/programObjects";

const work = mkdtempSync(join(tmpdir(), "fetch-script-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const program = { "main.js": "require('./round');\n", "round.js": "module.exports = 1;\n" };
const spec: ContainerSpec = {
  name: "supervisor", role: "supervisor", image: "node:22", command: [], hostname: "supervisor", env: {}, ports: [], volumes: [],
  files: [
    ...Object.entries(program).map(([f, content]) => ({ containerPath: `/opt/openwhisk-supervisor/${f}`, content })),
    { containerPath: "/run/openwhisk-supervisor/jmx.password", content: { secret: "jmxPassword", before: "u ", after: "\n" }, mode: "0600" },
  ],
  restart: "always", labels: {}, privileged: false, aliases: [], dependsOn: [], oneShot: false,
};
const objects = programObjects(spec);
const script = fetchScript(withFetchedProgram(spec, objects, "ow-program-bucket", "eu-west-1"))!;

/** A stand-in `aws`: `s3 cp [options] s3://BUCKET/KEY DEST` copies $OBJECTS/BUCKET/KEY, logging each call to $CALLS. */
const AWS_STUB = `#!/bin/sh
echo "$*" >> "$CALLS"
src= dest=
for a in "$@"; do case "$a" in s3://*) src=\${a#s3://} ;; --*|s3|cp|eu-west-1) ;; *) dest=$a ;; esac; done
[ -f "$OBJECTS/$src" ] || { echo "fatal error: An error occurred (404) when calling the HeadObject operation: Key not found" >&2; exit 1; }
cp "$OBJECTS/$src" "$dest"
`;

function run(objectsDir: Record<string, string>, root = mkdtempSync(join(work, "root-"))) {
  const bin = join(root, "bin");
  mkdirSync(bin, { recursive: true });
  writeFileSync(join(bin, "aws"), AWS_STUB);
  chmodSync(join(bin, "aws"), 0o755);
  for (const [key, content] of Object.entries(objectsDir)) {
    mkdirSync(join(root, "objects", "ow-program-bucket", key, ".."), { recursive: true });
    writeFileSync(join(root, "objects", "ow-program-bucket", key), content);
  }
  const file = join(root, "fetch.sh");
  writeFileSync(file, script.replace(/\/run\/openwhisk/g, `${root}/run/openwhisk`).replace(/\/etc\/openwhisk/g, `${root}/etc/openwhisk`));
  const calls = join(root, "calls");
  writeFileSync(calls, "");
  const r = spawnSync("sh", [file], { encoding: "utf8", env: { PATH: `${bin}:/usr/bin:/bin`, OBJECTS: join(root, "objects"), CALLS: calls } });
  const placed = (f: string) => join(root, "etc/openwhisk/files/supervisor/opt/openwhisk-supervisor", f);
  return { root, status: r.status, stderr: r.stderr, calls: readFileSync(calls, "utf8").split("\n").filter(Boolean), placed };
}

const uploaded = () => Object.fromEntries(objects.map((o) => [o.key, o.content]));

describe("the fetch script (sh, stand-in aws CLI)", () => {
  test("the objects' keys name their SHA-256, and only the program files are fetched (the password stays a secret file)", () => {
    expect(objects.map((o) => o.key)).toEqual(Object.entries(program).map(([f, c]) => `supervisor/${createHash("sha256").update(c).digest("hex")}/${f}`));
    expect(script).not.toContain("jmx.password");
  });

  test("matching downloads are put in place with mode 0644", () => {
    const r = run(uploaded());
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: "" });
    for (const [f, content] of Object.entries(program)) {
      expect(readFileSync(r.placed(f), "utf8")).toBe(content);
      expect(statSync(r.placed(f)).mode & 0o777).toBe(0o644);
    }
    expect(r.calls).toHaveLength(2);
  });

  test("a file already in place with the right digest is not downloaded again (a restart needs no S3)", () => {
    const first = run(uploaded());
    const again = run({}, first.root);
    expect(again.status).toBe(0);
    expect(again.calls).toEqual([]);
  });

  test("an object changed in the bucket is refused: non-zero exit, nothing of it in place, the message names the digest", () => {
    const objectsDir = uploaded();
    objectsDir[objects[1].key] = "process.exit(0); // not what the stack uploaded\n";
    const r = run(objectsDir);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain(`expected ${objects[1].sha256}; not used`);
    expect(existsSync(r.placed("round.js"))).toBe(false);
  });

  test("a changed object never replaces a good file already in place", () => {
    const first = run(uploaded());
    writeFileSync(first.placed("round.js"), "stale\n"); // e.g. left from an older program
    const objectsDir: Record<string, string> = { [objects[1].key]: "tampered\n" };
    const r = run(objectsDir, first.root);
    expect(r.status).not.toBe(0);
    expect(readFileSync(first.placed("round.js"), "utf8")).toBe("stale\n");
  });

  test("a failed download stops the script with the object named", () => {
    const r = run({});
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain(`cannot read s3://ow-program-bucket/${objects[0].key}`);
  });
});
