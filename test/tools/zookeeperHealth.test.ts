/**
 * ZooKeeper's rendered health check against a real ZooKeeper (Debian's `zookeeper` 3.8, run as
 * ZooKeeperServerMain with a config of its own) in a network namespace of its own (`unshare --net`), so
 * it listens on 127.0.0.1:2181 exactly as inside its container and nothing else on this machine is
 * touched. The check is run as Docker runs a CMD-SHELL test: `/bin/sh -c <string>`.
 * ZooKeeper 3.5+ enables only `srvr` without a whitelist (apache/zookeeper
 * zookeeper-server/src/main/java/org/apache/zookeeper/server/command/FourLetterCommands.java).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseStackConfig } from "../../components/config/validate";
import { renderStack } from "../../components/plan/renderStack";
import { ZOOKEEPER_HEALTH_COMMAND } from "../../components/plan/zookeeperHealth";
import { FLAVORS } from "../../components/config/flavorNames";
import { rawConfig } from "../support/configs";
import { stackConfig } from "../support/mockRun";

const JARS = "/usr/share/java";
const work = mkdtempSync(join(tmpdir(), "zk-health-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The old form this project rendered before (an nc/ruok check). */
const RUOK_FORM = "echo ruok | nc -w 2 localhost 2181 | grep imok";

function classpath(): string {
  const names = readdirSync(JARS);
  const pick = (re: RegExp) => names.filter((n) => re.test(n)).map((n) => join(JARS, n));
  const cp = [...pick(/^zookeeper(-jute)?\.jar$/), ...pick(/^slf4j-(api|simple)\.jar$/), ...pick(/^netty-.*[a-z]\.jar$/), ...pick(/^(metrics-core|commons-cli)\.jar$/)];
  if (!cp.some((p) => p.endsWith("/zookeeper.jar"))) throw new Error("Debian's zookeeper is not installed (.ci/run installs it: apt-get install zookeeper)");
  return cp.join(":");
}

/**
 * Starts ZooKeeper in a new network namespace, then polls each check (a /bin/sh -c string) until it
 * passes or its `seconds` run out (in order: a later check starts once the earlier one is done); prints `<name> <healthy-after-seconds|never>` per check, then the answer
 * to `ruok` on the wire and the server's enabled-commands line.
 */
function probe(checks: Record<string, string>, seconds: Record<string, number>): { results: Record<string, string>; ruok: string; log: string } {
  const data = mkdtempSync(join(work, "data-"));
  const cfg = join(data, "zoo.cfg");
  writeFileSync(cfg, `tickTime=2000\ndataDir=${data}\nclientPort=2181\nclientPortAddress=127.0.0.1\nadmin.enableServer=false\n`);
  const script = join(data, "probe.sh");
  const lines = [
    "set -u",
    "ip link set lo up",
    `java -cp "$ZK_CP" org.apache.zookeeper.server.ZooKeeperServerMain ${cfg} > ${data}/zk.log 2>&1 &`,
    "zk=$!",
    "trap 'kill $zk 2>/dev/null; wait $zk 2>/dev/null' EXIT",
  ];
  for (const [name, check] of Object.entries(checks)) {
    writeFileSync(join(data, `${name}.check`), check);
    lines.push(
      `result=never; i=0; while [ $i -lt ${seconds[name] ?? 40} ]; do if timeout 5 /bin/sh -c "$(cat ${data}/${name}.check)" >/dev/null 2>&1; then result=$i; break; fi; i=$((i+1)); sleep 1; done`,
      `echo "${name} $result"`,
    );
  }
  lines.push(
    `echo "ruok-answer $(timeout 5 bash -c 'exec 3<>/dev/tcp/127.0.0.1/2181 && printf ruok >&3 && cat <&3')"`,
    `grep -h "enabled four letter word commands" ${data}/zk.log | head -n 1 | sed 's/^/log /'`,
  );
  writeFileSync(script, lines.join("\n") + "\n");
  const r = spawnSync("unshare", ["--net", "--fork", "sh", script], { encoding: "utf8", env: { ...process.env, ZK_CP: classpath() }, timeout: 120_000 });
  if (r.error) throw r.error;
  const results: Record<string, string> = {};
  let ruok = "";
  let log = "";
  for (const line of r.stdout.split("\n")) {
    const [head, ...rest] = line.split(" ");
    if (head === "ruok-answer") ruok = rest.join(" ");
    else if (head === "log") log = rest.join(" ");
    else if (head in checks) results[head] = rest.join(" ");
  }
  return { results, ruok, log };
}

describe("ZooKeeper's health check, against a real ZooKeeper 3.8", () => {
  test("every flavour and target renders the srvr check", () => {
    for (const flavor of FLAVORS) {
      for (const target of ["docker", "aws"] as const) {
        const zk = renderStack(parseStackConfig(rawConfig({ flavor, target })), "t").nodes.find((n) => n.role === "zookeeper");
        expect({ flavor, target, test: zk?.healthCheck?.test }).toEqual({ flavor, target, test: ["CMD-SHELL", ZOOKEEPER_HEALTH_COMMAND] });
      }
    }
    const local = renderStack(parseStackConfig(stackConfig("local")), "local").nodes.find((n) => n.role === "zookeeper");
    expect(local?.healthCheck?.test).toEqual(["CMD-SHELL", ZOOKEEPER_HEALTH_COMMAND]);
  });

  test("the exact rendered check turns healthy; the old ruok form never does (ruok is not whitelisted)", () => {
    const zk = renderStack(parseStackConfig(stackConfig("local")), "local").nodes.find((n) => n.role === "zookeeper")!;
    const [kind, rendered] = zk.healthCheck!.test;
    expect(kind).toBe("CMD-SHELL");
    // The old form needs nc: without it, it would fail for the wrong reason.
    expect(spawnSync("sh", ["-c", "command -v nc"]).status).toBe(0);
    // The ruok form gets 10 s more after ZooKeeper already answered srvr.
    const { results, ruok, log } = probe({ rendered, ruok: RUOK_FORM }, { rendered: 40, ruok: 10 });
    expect(results.rendered).toMatch(/^\d+$/);
    expect(results.ruok).toBe("never");
    // Why: ZooKeeper answers ruok with a refusal, not imok, and enables srvr alone.
    expect(ruok).toContain("ruok is not executed because it is not in the whitelist");
    expect(log).toContain("[[srvr]]");
  });

  test("the check fails while nothing serves on 2181 (a check that can fail)", () => {
    const r = spawnSync("unshare", ["--net", "--fork", "sh", "-c", `ip link set lo up; timeout 5 /bin/sh -c "$0"; echo "rc=$?"`, ZOOKEEPER_HEALTH_COMMAND], { encoding: "utf8" });
    expect(r.stdout.trim().split("\n").pop()).toMatch(/^rc=[1-9]/);
  });
});
