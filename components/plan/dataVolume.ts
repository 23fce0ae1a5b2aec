/**
 * The core host's data (CouchDB's databases, Kafka's logs and the ZooKeeper state Kafka's logs belong
 * to: a broker refuses logs of another cluster id) lives on a separate EBS volume, protected and retained
 * on delete, so replacing the core host (a new AMI, a changed unit) loses nothing. A host job mounts it
 * before the services start: it waits for the attached device, makes a file system only on a blank
 * volume (never over existing data), and mounts it at DATA_DIR.
 */
import { shellWord } from "./hostFiles";
import { deepFreeze } from "./deepFreeze";

/** Where the volume is mounted on the core host; the services' data directories are below it. */
export const DATA_DIR = "/var/lib/openwhisk";
/** The device name the volume is attached as (Amazon Linux's udev rules link the NVMe device to it). */
export const DATA_DEVICE = "/dev/sdf";
/** The host job that mounts it; the data services name it in dependsOn on aws. */
export const DATA_JOB = "data-volume";

/** Host paths of each service's data on the volume. */
export const DATA_PATHS = {
  couchdb: `${DATA_DIR}/couchdb`,
  kafka: `${DATA_DIR}/kafka`,
  zookeeperData: `${DATA_DIR}/zookeeper/data`,
  zookeeperLog: `${DATA_DIR}/zookeeper/datalog`,
} as const;

export function dataVolumeScript(waitSeconds = 600): string {
  const w = shellWord;
  return [
    "#!/bin/sh",
    "# Mounts the core host's data volume (written by openwhisk-static-cluster); never formats a volume that holds data.",
    "set -eu",
    'fail() { echo "openwhisk-data-volume: $*" >&2; exit 1; }',
    `dev=${w(DATA_DEVICE)}`,
    `dir=${w(DATA_DIR)}`,
    "waited=0",
    'until [ -b "$dev" ]; do',
    `  [ "$waited" -lt ${waitSeconds} ] || fail "$dev did not appear within ${waitSeconds} s (is the volume attached?)"`,
    "  sleep 2",
    "  waited=$((waited + 2))",
    "done",
    // blkid exits 2 when it finds no file system at all; any other failure is not a blank volume.
    'if blkid "$dev" >/dev/null 2>&1; then :; else',
    "  rc=$?",
    '  [ "$rc" -eq 2 ] || fail "blkid $dev failed ($rc): not formatting"',
    '  mkfs -t xfs "$dev"',
    "fi",
    'mkdir -p "$dir"',
    'mountpoint -q "$dir" || mount "$dev" "$dir"',
    `mkdir -p ${Object.values(DATA_PATHS).map(w).join(" ")}`,
    'echo "openwhisk: data volume $dev mounted at $dir"',
    "",
  ].join("\n");
}

// Shared by every stack this process renders: never changed (deepFreeze.ts).
deepFreeze(DATA_PATHS);
