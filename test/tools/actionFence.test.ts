/**
 * The action fence of an aws invoker host, proven in a network-namespace lab: namespaces and veths this
 * test creates (unique prefix, removed afterwards), traffic only between them. The EXACT rendered fence
 * script runs in the lab's "invoker host" namespace with real iptables/ip6tables; stand-ins replace only
 * what the lab has no real one of: `docker` (creates the bridge as Docker's bridge driver does, with
 * DOCKER-USER first in FORWARD and, for enable_icc=false, Docker's own `-i br -o br -j DROP`) and `curl`
 * for the instance metadata service (the VPC's blocks). Every probe is one bounded attempt.
 *
 *   actions A1 (.10), A2 (.11), invoker I (.2) --veth-- [host H: bridge ow-actions .1, forwarding] --veth-- [V: the VPC and beyond]
 *   V holds: the API host 10.60.11.5 (:443, Kafka :9092), another VPC host 10.60.11.6, the VPC resolver
 *   10.60.0.2 and AWS's 169.254.169.253 (:53), the metadata service 169.254.169.254, 172.16.0.1,
 *   100.64.0.1, a secondary VPC block's host 203.0.113.10, and an internet host 198.51.100.10.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseStackConfig } from "../../components/config/validate";
import { actionFenceScript, actionFenceWatchScript, fenceRules4, FENCE_CHAINS } from "../../components/plan/actionIsolation";
import { rawConfig } from "../support/configs";

const P = `owf${process.pid % 100000}`;
const NS = { host: `${P}h`, vpc: `${P}v`, a1: `${P}a1`, a2: `${P}a2`, inv: `${P}i` };
const work = mkdtempSync(join(tmpdir(), "action-fence-"));
const bin = join(work, "bin");
const servers: ChildProcess[] = [];
const config = parseStackConfig(rawConfig({ target: "aws", flavor: "pekko" }));
const API = "10.60.11.5";
const script = actionFenceScript(config, API);

function sh(cmd: string, ns?: string): string {
  const args = ns ? ["netns", "exec", ns, "sh", "-c", cmd] : null;
  const r = args ? spawnSync("ip", args, { encoding: "utf8", timeout: 20000, env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, LAB_STATE: join(work, "state") } }) : spawnSync("sh", ["-c", cmd], { encoding: "utf8", timeout: 20000 });
  if (r.status !== 0) throw new Error(`${ns ?? "root"}: ${cmd}\n${r.stdout}${r.stderr}`);
  return r.stdout;
}

function probe(ns: string, proto: "tcp" | "udp", host: string, port: number): string {
  const r = spawnSync("ip", ["netns", "exec", ns, process.execPath, join(__dirname, "lab/netnsProbe.js"), proto, host, String(port)], { encoding: "utf8", timeout: 5000 });
  return r.stdout.trim() || `error ${r.stderr}`;
}

/** The same probe, not waiting: many run at once (each bounded to 700 ms by the probe itself). */
function probeAsync(ns: string, proto: "tcp" | "udp", host: string, port: number): Promise<string> {
  return new Promise((resolve) => {
    const p = spawn("ip", ["netns", "exec", ns, process.execPath, join(__dirname, "lab/netnsProbe.js"), proto, host, String(port)], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    p.stdout.on("data", (d) => (out += d));
    p.on("exit", () => resolve(out.trim() || "error"));
  });
}

function serve(ns: string, ports: number[]): Promise<void> {
  const p = spawn("ip", ["netns", "exec", ns, process.execPath, join(__dirname, "lab/netnsServer.js"), ...ports.map(String)], { stdio: ["pipe", "pipe", "inherit"] });
  servers.push(p);
  return new Promise((resolve) => p.stdout!.once("data", () => resolve()));
}

/** A veth from namespace `ns` (eth0 there) into the host namespace (peer `name`). */
function veth(ns: string, name: string, address: string, ula?: string) {
  sh(`ip link add ${name} type veth peer name eth0 netns ${ns}`, NS.host);
  sh(`ip addr add ${address}/24 dev eth0 && ${ula ? `ip -6 addr add ${ula}/64 dev eth0 nodad && ` : ""}ip link set eth0 up && ip link set lo up && ip route add default via 192.168.255.1`, ns);
}

/** Attach the host-side veths to the bridge (what docker does when it connects a container). */
function attach() {
  sh(`for v in ${P}x1 ${P}x2 ${P}xi; do ip link set $v master ow-actions && ip link set $v up; done; ip -6 addr add fd00:ac::1/64 dev ow-actions nodad`, NS.host);
}

const STAND_IN_DOCKER = `#!/bin/sh
# Stand-in for docker's network commands in the lab (bridge driver behaviour), state under $LAB_STATE.
set -eu
mkdir -p "$LAB_STATE"
[ "$1" = network ] || { echo "stand-in docker: $*" >&2; exit 1; }
case "$2" in
  inspect) name=$(eval echo "\\\${$#}"); [ -f "$LAB_STATE/$name" ] || exit 1; cat "$LAB_STATE/$name" ;;
  create)
    shift 2; subnet=; gateway=; bridge=; icc=true
    while [ $# -gt 1 ]; do
      case "$1" in
        --subnet) subnet=$2; shift ;; --gateway) gateway=$2; shift ;; --driver) shift ;;
        -o) case "$2" in com.docker.network.bridge.name=*) bridge=\${2#*=} ;; com.docker.network.bridge.enable_icc=*) icc=\${2#*=} ;; esac; shift ;;
      esac
      shift
    done
    ip link add "$bridge" type bridge && ip addr add "$gateway/\${subnet#*/}" dev "$bridge" && ip link set "$bridge" up
    iptables -N DOCKER-USER 2>/dev/null || true
    iptables -C FORWARD -j DOCKER-USER 2>/dev/null || iptables -I FORWARD -j DOCKER-USER
    [ "$icc" = true ] || iptables -A FORWARD -i "$bridge" -o "$bridge" -j DROP
    echo "$icc" > "$LAB_STATE/$1"; echo "$bridge" > "$LAB_STATE/$1.bridge" ;;
  rm) b=$(cat "$LAB_STATE/$3.bridge"); ip link del "$b"; iptables -D FORWARD -i "$b" -o "$b" -j DROP 2>/dev/null || true; rm -f "$LAB_STATE/$3" "$LAB_STATE/$3.bridge" ;;
esac
`;

const STAND_IN_CURL = `#!/bin/sh
# Stand-in for curl against the instance metadata service: the VPC 10.60.0.0/16 with a secondary block 203.0.113.0/24.
for last; do :; done
case "$last" in
  */api/token) echo lab-token ;;
  */meta-data/mac) echo 02:42:0a:3c:0b:32 ;;
  */vpc-ipv4-cidr-block) echo 10.60.0.0/16 ;;
  */vpc-ipv4-cidr-blocks) printf '10.60.0.0/16\\n203.0.113.0/24\\n' ;;
  *) exit 22 ;;
esac
`;

/** What each probe should see once the fence is on: [from, proto, host, port, expected]. */
const EXPECTED: Array<[keyof typeof NS, "tcp" | "udp", string, number, "ok" | "blocked", string]> = [
  ["a1", "tcp", API, 443, "ok", "the API host it is handed"],
  ["a1", "tcp", "198.51.100.10", 80, "ok", "the internet"],
  ["a1", "udp", "169.254.169.253", 53, "ok", "DNS at AWS's resolver"],
  ["a1", "udp", "10.60.0.2", 53, "ok", "DNS at the VPC resolver (base + 2)"],
  ["a1", "tcp", "10.60.0.2", 80, "blocked", "the resolver's other ports"],
  ["a1", "tcp", API, 9092, "blocked", "Kafka on the API host's address"],
  ["a1", "tcp", "10.60.11.6", 443, "blocked", "another VPC host"],
  ["a1", "tcp", "169.254.169.254", 80, "blocked", "the instance metadata service"],
  ["a1", "tcp", "172.16.0.1", 80, "blocked", "RFC 1918 outside the VPC"],
  ["a1", "tcp", "100.64.0.1", 80, "blocked", "shared address space"],
  ["a1", "tcp", "203.0.113.10", 80, "blocked", "the VPC's secondary (public) block"],
  ["a1", "tcp", "192.168.255.11", 8080, "blocked", "another action"],
  ["a1", "tcp", "192.168.255.2", 8080, "blocked", "the invoker's API"],
  ["a1", "tcp", "192.168.255.1", 22, "blocked", "the invoker host on the bridge"],
  ["a1", "tcp", "10.60.11.50", 22, "blocked", "the invoker host's VPC address"],
  ["a1", "tcp", "fd00:ac::11", 8080, "blocked", "another action over IPv6 ULA"],
  ["a1", "tcp", "fd00:ac::1", 22, "blocked", "the invoker host over IPv6 ULA"],
  ["inv", "tcp", "192.168.255.11", 8080, "ok", "the invoker drives an action"],
  ["inv", "tcp", API, 9092, "ok", "the invoker's own Kafka traffic"],
];

async function probeAll(): Promise<string[]> {
  return Promise.all(EXPECTED.map(async ([from, proto, host, port, , what]) => `${what}: ${await probeAsync(NS[from], proto, host, port)}`));
}
const expected = (phase: "fenced" | "open") => EXPECTED.map(([, , , , r, what]) => `${what}: ${phase === "open" ? "ok" : r}`);

const isRoot = process.getuid?.() === 0;
const labTest = isRoot ? test : test.skip;

beforeAll(async () => {
  if (!isRoot) return;
  mkdirSync(bin, { recursive: true });
  writeFileSync(join(bin, "docker"), STAND_IN_DOCKER);
  writeFileSync(join(bin, "curl"), STAND_IN_CURL);
  chmodSync(join(bin, "docker"), 0o755);
  chmodSync(join(bin, "curl"), 0o755);
  writeFileSync(join(work, "fence.sh"), script);
  for (const ns of Object.values(NS)) sh(`ip netns add ${ns}`);
  for (const ns of Object.values(NS)) sh("sysctl -qw net.ipv6.conf.default.accept_dad=0 net.ipv6.conf.all.accept_dad=0", ns);
  // H <-> V: the host's VPC interface; V routes the action subnet back through H (no NAT needed in the lab).
  sh(`ip link add up0 type veth peer name up1 netns ${NS.vpc}`, NS.host);
  sh("ip addr add 10.60.11.50/24 dev up0 && ip link set up0 up && ip link set lo up && ip route add default via 10.60.11.5 && sysctl -qw net.ipv4.ip_forward=1", NS.host);
  const far = ["10.60.11.6/32", "10.60.0.2/32", "169.254.169.253/32", "169.254.169.254/32", "172.16.0.1/32", "100.64.0.1/32", "203.0.113.10/32", "198.51.100.10/32"];
  sh(`ip addr add ${API}/24 dev up1 && ip link set up1 up && ip link set lo up && ${far.map((a) => `ip addr add ${a} dev lo`).join(" && ")} && ip route add 192.168.255.0/24 via 10.60.11.50`, NS.vpc);
  veth(NS.a1, `${P}x1`, "192.168.255.10", "fd00:ac::10");
  veth(NS.a2, `${P}x2`, "192.168.255.11", "fd00:ac::11");
  veth(NS.inv, `${P}xi`, "192.168.255.2");
  await Promise.all([serve(NS.vpc, [80, 443, 9092]), serve(NS.a2, [8080]), serve(NS.inv, [8080]), serve(NS.host, [22])]);
}, 60000);

afterAll(async () => {
  for (const p of servers) p.stdin?.end();
  await Promise.all(servers.map((p) => (p.exitCode === null ? new Promise((r) => p.once("exit", r)) : undefined)));
  for (const ns of Object.values(NS)) spawnSync("ip", ["netns", "del", ns]);
  rmSync(work, { recursive: true, force: true });
});

describe("the action fence in a network-namespace lab", () => {
  labTest("without the fence (a plain bridge, as docker's default network), every probe gets through: the lab can tell", async () => {
    sh("ip link add ow-actions type bridge && ip addr add 192.168.255.1/24 dev ow-actions && ip link set ow-actions up", NS.host);
    attach();
    expect(await probeAll()).toEqual(expected("open"));
    sh("ip link del ow-actions", NS.host);
  }, 60000);

  labTest("the rendered script fences: only DNS, the API host and the internet; actions reach neither each other nor the invoker, which still drives them", async () => {
    sh(`sh ${join(work, "fence.sh")}`, NS.host);
    attach();
    expect(await probeAll()).toEqual(expected("fenced"));
    // IPv6 link-local to another action, through the bridge.
    const ll = sh("ip -6 -o addr show dev eth0 scope link", NS.a2).match(/inet6 (fe80::[0-9a-f:]+)\//)![1];
    expect(probe(NS.a1, "tcp", `${ll}%eth0`, 8080)).toBe("blocked");
    // The network was made with inter-container traffic off, as docker's option says.
    expect(sh(`cat ${join(work, "state", "openwhisk-actions")}`, NS.host).trim()).toBe("false");
  }, 60000);

  labTest("the rules applied are exactly the rendered ones (what fenceRules4 documents), in one chain each, jumped to once", () => {
    const saved = sh(`iptables -S ${FENCE_CHAINS.forward}`, NS.host).trim().split("\n").slice(1);
    const rendered = fenceRules4(config, API, { resolver: "10.60.0.2", vpcBlocks: ["10.60.0.0/16", "203.0.113.0/24"] }).split("\n").filter((l) => l.startsWith(`-A ${FENCE_CHAINS.forward} `));
    expect(saved).toEqual(rendered);
    expect(sh(`iptables -S ${FENCE_CHAINS.input}`, NS.host).trim().split("\n").slice(1)).toEqual(
      fenceRules4(config, API, { resolver: "10.60.0.2", vpcBlocks: [] }).split("\n").filter((l) => l.startsWith(`-A ${FENCE_CHAINS.input} `)),
    );
    // Run again (systemd starting it with docker again): same rules, no second jump.
    const before = sh("iptables-save | grep -v '^#' | sed 's/\\[[0-9:]*\\]//'; ip6tables-save | grep -v '^#' | sed 's/\\[[0-9:]*\\]//'", NS.host);
    sh(`sh ${join(work, "fence.sh")}`, NS.host);
    const after = sh("iptables-save | grep -v '^#' | sed 's/\\[[0-9:]*\\]//'; ip6tables-save | grep -v '^#' | sed 's/\\[[0-9:]*\\]//'", NS.host);
    expect(after).toBe(before);
    expect(sh("iptables -S DOCKER-USER", NS.host).match(new RegExp(`-j ${FENCE_CHAINS.forward}$`, "gm"))).toHaveLength(1);
  }, 60000);

  labTest("when docker makes the bridge again on a wiped firewall, re-running the script (the unit is part of docker.service) restores the fence", async () => {
    sh("iptables -F && iptables -X && ip6tables -F && ip6tables -X", NS.host);
    sh(`docker network rm openwhisk-actions`, NS.host);
    // Unfenced in between: the lab sees the hole the re-apply closes.
    sh(`docker network create --driver bridge --subnet 192.168.255.0/24 --gateway 192.168.255.1 -o com.docker.network.bridge.name=ow-actions openwhisk-actions`, NS.host);
    attach();
    expect(probe(NS.a1, "tcp", "10.60.11.6", 443)).toBe("ok");
    sh(`sh ${join(work, "fence.sh")}`, NS.host);
    // The script saw a network without icc=false and made it again: containers are attached anew.
    attach();
    expect(await probeAll()).toEqual(expected("fenced"));
  }, 60000);
});

describe("re-applying when docker changes", () => {
  test("the watcher re-runs the fence when docker reports the actions network created, and not for other networks", () => {
    const dir = join(work, "watch");
    mkdirSync(join(dir, "bin"), { recursive: true });
    writeFileSync(join(dir, "bin", "docker"), "#!/bin/sh\n[ \"$1\" = events ] || exit 1\nprintf 'other\\nopenwhisk-actions\\nopenwhisk-actions-x\\n'\n");
    chmodSync(join(dir, "bin", "docker"), 0o755);
    writeFileSync(join(dir, "fence"), `#!/bin/sh\necho run >> ${join(dir, "runs")}\n`);
    chmodSync(join(dir, "fence"), 0o755);
    writeFileSync(join(dir, "watch.sh"), actionFenceWatchScript(join(dir, "fence")));
    const r = spawnSync("sh", [join(dir, "watch.sh")], { encoding: "utf8", env: { ...process.env, PATH: `${join(dir, "bin")}:${process.env.PATH}` }, timeout: 5000 });
    expect(r.status).toBe(0);
    expect(spawnSync("cat", [join(dir, "runs")], { encoding: "utf8" }).stdout).toBe("run\n");
  });

  test("shellcheck passes the fence and the watcher", () => {
    writeFileSync(join(work, "watch-check.sh"), actionFenceWatchScript("/usr/local/bin/openwhisk-action-fence"));
    writeFileSync(join(work, "fence-check.sh"), script);
    const r = spawnSync("shellcheck", ["--shell=sh", join(work, "fence-check.sh"), join(work, "watch-check.sh")], { encoding: "utf8" });
    expect({ code: r.status, out: r.stdout }).toEqual({ code: 0, out: "" });
  });
});
