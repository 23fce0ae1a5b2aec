/**
 * Hops H1 and H2 of docs/serve-path.md with real daemons: Debian's nginx runs the edge's rendered
 * nginx.conf (the local stack) and reaches a stand-in controller (busybox httpd) listening at a
 * controller's fixed address and API port, all inside a network namespace of its own (`unshare --net`)
 * where those addresses are assigned to the loopback device, so nothing outside it is touched.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseStackConfig } from "../../components/config/validate";
import { nginxConf } from "../../components/plan/renderCoreServices";
import { planSeedAddresses } from "../../components/plan/seedAddresses";
import { stackConfig } from "../support/mockRun";

const work = mkdtempSync(join(tmpdir(), "edge-path-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function through(conf: string, controllers: Array<{ ip: string; port: number; answer: boolean }>): string {
  const dir = mkdtempSync(join(work, "run-"));
  writeFileSync(join(dir, "nginx.conf"), conf);
  const lines = ["set -u", "ip link set lo up"];
  controllers.forEach((c, i) => {
    const www = join(dir, `www${i}`);
    mkdirSync(join(www, "api", "v1"), { recursive: true });
    writeFileSync(join(www, "api", "v1", "index.html"), `controller ${c.ip}\n`);
    lines.push(`ip addr add ${c.ip}/32 dev lo`);
    // In the foreground (-f) as a child of this script, so that pkill -P below stops it (a daemonized httpd outlives the test).
    if (c.answer) lines.push(`busybox httpd -f -p ${c.ip}:${c.port} -h ${www} &`);
  });
  lines.push(
    `nginx -c ${dir}/nginx.conf -g 'daemon on; pid ${dir}/nginx.pid; error_log ${dir}/error.log;' || exit 3`,
    "sleep 1",
    `curl -s -m 5 http://127.0.0.1:80/api/v1/ ; echo "status=$?"`,
    `kill $(cat ${dir}/nginx.pid) 2>/dev/null; pkill -P $$ 2>/dev/null; true`,
  );
  writeFileSync(join(dir, "run.sh"), lines.join("\n") + "\n");
  const r = spawnSync("unshare", ["--net", "--fork", "--kill-child", "sh", join(dir, "run.sh")], { encoding: "utf8", timeout: 60_000 });
  if (r.error) throw r.error;
  return `${r.stdout}${r.stderr}`;
}

describe("the edge reaches a controller over the rendered ports (real nginx)", () => {
  const config = parseStackConfig(stackConfig("local"));
  const addresses = planSeedAddresses(config);
  const conf = nginxConf(config, addresses);

  test("wsk's /api/v1 through the edge arrives at a controller's API (its fixed IP, port 8080)", () => {
    const out = through(conf, addresses.map((a) => ({ ip: a.privateIp, port: 8080, answer: true })));
    expect(out).toMatch(/controller 172\.30\.0\.1[01]\n/);
    expect(out).toContain("status=0");
  });

  test("with one controller down, the edge still reaches the other", () => {
    const out = through(conf, addresses.map((a, i) => ({ ip: a.privateIp, port: 8080, answer: i === 1 })));
    expect(out).toContain(`controller ${addresses[1].privateIp}\n`);
  });

  test("a controller listening on another port is not reached (the port is part of the hop)", () => {
    const out = through(conf, addresses.map((a) => ({ ip: a.privateIp, port: 8081, answer: true })));
    expect(out).not.toMatch(/controller 172\.30/);
  });

  test("a client's X-Request-ID never reaches the controller: the edge sends its own request id", () => {
    // A stand-in controller (node's http server) answers with the X-Request-ID it received.
    const dir = mkdtempSync(join(work, "rid-"));
    writeFileSync(join(dir, "nginx.conf"), conf);
    const ip = addresses[0].privateIp;
    const server = `require("http").createServer((q, s) => s.end("rid=" + q.headers["x-request-id"] + "\\n")).listen(8080, "${ip}")`;
    writeFileSync(join(dir, "server.js"), server);
    const forged = "forged] [INFO] Cluster Node [akka://controller-actor-system@172.30.0.10:25520] - Welcome from [x]";
    const lines = [
      "set -u",
      "ip link set lo up",
      ...addresses.map((a) => `ip addr add ${a.privateIp}/32 dev lo`),
      `${process.execPath} ${dir}/server.js & srv=$!; sleep 1`,
      `nginx -c ${dir}/nginx.conf -g 'daemon on; pid ${dir}/nginx.pid; error_log ${dir}/error.log;' || exit 3`,
      "sleep 1",
      `curl -s -m 5 -H 'X-Request-ID: ${forged}' http://127.0.0.1:80/api/v1/ ; echo "status=$?"`,
      `kill $(cat ${dir}/nginx.pid) 2>/dev/null; kill $srv 2>/dev/null; true`,
    ];
    writeFileSync(join(dir, "run.sh"), lines.join("\n") + "\n");
    const r = spawnSync("unshare", ["--net", "--fork", "--kill-child", "sh", join(dir, "run.sh")], { encoding: "utf8", timeout: 60_000 });
    const out = `${r.stdout}${r.stderr}`;
    expect(out).toMatch(/^rid=[0-9a-f]{32}$/m);
    expect(out).not.toContain("forged");
  });
});
