/**
 * Nothing lost when a host is replaced: the core host's CouchDB, Kafka and ZooKeeper data on a separate
 * EBS volume (protected, retained on delete) that a host job mounts before those services start, never
 * formatting a volume that holds data; the AMI pinned by openwhisk:aws.amiId (required in production),
 * and without it a newer AMI never replaces a host.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { validateStackConfig } from "../components/config/validate";
import { DATA_DIR, DATA_PATHS, dataVolumeScript } from "../components/plan/dataVolume";
import { rawConfig, withKey, type RawConfig } from "./support/configs";
import { hostArgs, hostFiles } from "./support/hostSetup";
import { ofType, runUnderMocks, stackConfig } from "./support/mockRun";

const AWS = rawConfig({ target: "aws", flavor: "pekko", invokers: 1 });
const dir = mkdtempSync(join(tmpdir(), "replacement-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the core host's data volume", () => {
  test("a protected, retained, encrypted volume in the core host's zone, attached to it; the host is replaced delete-first", async () => {
    const run = await runUnderMocks(AWS, { stack: "data" });
    const [volume] = ofType(run, "aws:ebs/volume:Volume");
    expect(volume).toBeDefined();
    expect(volume.protect).toBe(true);
    expect(volume.retainOnDelete).toBe(true);
    expect([volume.inputs.encrypted, volume.inputs.size, volume.inputs.availabilityZone]).toEqual([true, 200, "eu-west-1a"]);
    const [attachment] = ofType(run, "aws:ec2/volumeAttachment:VolumeAttachment");
    const core = ofType(run, "aws:ec2/instance:Instance").find((i) => (i.inputs.tags as Record<string, string>)["openwhisk:role"] === "core")!;
    expect(attachment.propertyDependencies.instanceId).toEqual([core.urn]);
    expect(attachment.propertyDependencies.volumeId).toEqual([volume.urn]);
    expect(attachment.inputs.stopInstanceBeforeDetaching).toBe(true);
    expect(core.deleteBeforeReplace).toBe(true);
  });

  test("openwhisk:aws.dataVolumeGb sizes it", async () => {
    const run = await runUnderMocks(withKey(AWS, "openwhisk:aws", { dataVolumeGb: 500 }), { stack: "data" });
    expect(ofType(run, "aws:ebs/volume:Volume")[0].inputs.size).toBe(500);
    expect(validateStackConfig(withKey(AWS, "openwhisk:aws", { dataVolumeGb: 5 })).ok).toBe(false);
  });

  test("CouchDB, Kafka and ZooKeeper keep their data on it, and start only after the mount job", async () => {
    const run = await runUnderMocks(AWS, { stack: "data" });
    const core = ofType(run, "aws:ec2/instance:Instance").find((i) => (i.inputs.tags as Record<string, string>)["openwhisk:role"] === "core")!;
    const files = new Map(hostFiles(core).map((f) => [f.path, f.content]));
    const mounts = (node: string) => hostArgs(core, node).filter((_, i, a) => a[i - 1] === "-v");
    expect(mounts("couchdb")).toContain(`${DATA_PATHS.couchdb}:/opt/couchdb/data`);
    expect(mounts("kafka")).toContain(`${DATA_PATHS.kafka}:/kafka`);
    expect(mounts("zookeeper")).toEqual(expect.arrayContaining([`${DATA_PATHS.zookeeperData}:/data`, `${DATA_PATHS.zookeeperLog}:/datalog`]));
    for (const node of ["couchdb", "kafka", "zookeeper"]) {
      expect(files.get(`/etc/systemd/system/openwhisk-${node}.service`)).toContain("ExecStartPre=/usr/bin/systemctl start openwhisk-data-volume.service");
    }
    expect(files.get("/usr/local/bin/openwhisk-data-volume")).toBe(dataVolumeScript());
  });

  /** Runs the mount script with stand-ins for the device tools; returns what was called. */
  function mountScript(blkidExit: number): { code: number; calls: string[] } {
    const bin = join(dir, `bin-${blkidExit}`);
    const log = join(dir, `calls-${blkidExit}`);
    mkdirSync(bin, { recursive: true });
    writeFileSync(log, "");
    for (const [tool, exit] of [["blkid", blkidExit], ["mkfs", 0], ["mount", 0], ["mountpoint", 1]] as const) {
      writeFileSync(join(bin, tool), `#!/bin/sh\necho "${tool} $*" >> ${log}\nexit ${exit}\n`);
      chmodSync(join(bin, tool), 0o755);
    }
    // The device and the mount point under the work dir (the script's paths are otherwise the host's).
    const device = join(dir, "sdf");
    const script = dataVolumeScript(2).replace(`dev='/dev/sdf'`, `dev='${device}'`).replaceAll(DATA_DIR, join(dir, "data"));
    writeFileSync(join(dir, "mount.sh"), script);
    const r = spawnSync("sh", [join(dir, "mount.sh")], { encoding: "utf8", env: { ...process.env, PATH: `${bin}:${process.env.PATH}` } });
    return { code: r.status ?? 1, calls: readFileSync(log, "utf8").trim().split("\n").filter(Boolean) };
  }

  test("the mount job formats only a blank volume, and never when blkid fails otherwise", () => {
    // A block device node for the script's wait (-b); nothing is ever written to it (the tools are stand-ins).
    const device = join(dir, "sdf");
    execFileSync("sh", ["-c", `[ -e ${device} ] || mknod ${device} b 7 250 2>/dev/null || true`]);
    const blank = mountScript(2);
    const existing = mountScript(0);
    const broken = mountScript(4);
    expect(blank.calls.map((c) => c.split(" ")[0])).toEqual(["blkid", "mkfs", "mountpoint", "mount"]);
    expect(existing.calls.map((c) => c.split(" ")[0])).toEqual(["blkid", "mountpoint", "mount"]);
    expect(broken.code).not.toBe(0);
    expect(broken.calls.map((c) => c.split(" ")[0])).toEqual(["blkid"]);
  });
});

describe("the AMI is pinned", () => {
  test("production requires openwhisk:aws.amiId, naming the key", () => {
    const raw = { ...AWS, "openwhisk:environment": "production" };
    const keys = (x: RawConfig) => { const r = validateStackConfig(x); return r.ok ? [] : r.issues.map((i) => i.key); };
    // (Production also wants every image by digest: those keys are the supply-chain test's.)
    expect(keys(raw)).toContain("openwhisk:aws.amiId");
    expect(keys(withKey(raw, "openwhisk:aws", { amiId: "ami-0abc1234" }))).not.toContain("openwhisk:aws.amiId");
  });

  test("with amiId every host boots exactly it; without it, hosts ignore a newer AMI (no silent replacement)", async () => {
    const pinned = await runUnderMocks(withKey(AWS, "openwhisk:aws", { amiId: "ami-0abc1234" }), { stack: "ami" });
    for (const i of ofType(pinned, "aws:ec2/instance:Instance")) {
      expect(i.inputs.ami).toBe("ami-0abc1234");
      expect(i.ignoreChanges ?? []).not.toContain("ami");
    }
    const looked = await runUnderMocks(AWS, { stack: "ami" });
    for (const i of ofType(looked, "aws:ec2/instance:Instance")) expect(i.ignoreChanges).toContain("ami");
  });

  test("the shipped production stack pins its AMI", () => {
    expect((stackConfig("prod")["openwhisk:aws"] as Record<string, unknown>).amiId).toMatch(/^ami-[0-9a-f]+$/);
  });
});
