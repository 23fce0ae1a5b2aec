/**
 * The edge's TLS, checked by the programs that consume and speak it: `nginx -t` on the rendered config,
 * then the same config served by a real nginx on loopback (a throwaway self-signed certificate stands in
 * for the SSM parameters) and probed with `openssl s_client` and `curl`: TLS 1.0/1.1 refused, TLS 1.2
 * only with ECDHE and an AEAD cipher, HSTS on every answer, and port 80 redirecting to the configured
 * serverName whatever Host header the client sends.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseStackConfig } from "../../components/config/validate";
import { nginxConf } from "../../components/plan/renderCoreServices";
import { planSeedAddresses } from "../../components/plan/seedAddresses";
import { stackConfig } from "../support/mockRun";

const work = mkdtempSync(join(tmpdir(), "edge-tls-"));
let nginx: ChildProcess | undefined;
let httpPort = 0;
let httpsPort = 0;
const config = parseStackConfig(stackConfig("prod"));
const serverName = config.aws!.edgeTls.serverName;

function run(cmd: string, args: string[], input = ""): { code: number; out: string } {
  const r = spawnSync(cmd, args, { encoding: "utf8", input, timeout: 15000 });
  if (r.error) throw new Error(`${cmd}: ${r.error.message} (.ci/run installs nginx-light, openssl and curl)`);
  return { code: r.status ?? 1, out: `${r.stdout}${r.stderr}` };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** The rendered conf with the container's paths and ports moved under the work dir and onto loopback. */
function localConf(conf: string): string {
  return conf
    .replace(/\/etc\/nginx\/tls\//g, `${work}/tls/`)
    .replace("listen 80 default_server;", `listen 127.0.0.1:${httpPort} default_server;`)
    .replace("listen 443 ssl default_server;", `listen 127.0.0.1:${httpsPort} ssl default_server;`);
}

beforeAll(async () => {
  httpPort = await freePort();
  httpsPort = await freePort();
  mkdirSync(join(work, "tls"), { recursive: true });
  mkdirSync(join(work, "logs"), { recursive: true });
  run("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", `/CN=${serverName}`, "-keyout", join(work, "tls/edge.key"), "-out", join(work, "tls/edge.crt")]);
  writeFileSync(join(work, "nginx.conf"), localConf(nginxConf(config, planSeedAddresses(config))));
  const args = ["-c", join(work, "nginx.conf"), "-p", work, "-e", join(work, "logs/error.log"), "-g", `daemon off; pid ${join(work, "nginx.pid")};`];
  nginx = spawn("nginx", args, { stdio: "ignore" });
  // Bounded wait for the TLS port.
  for (let i = 0; i < 50; i++) {
    if (run("curl", ["-sk", "-o", "/dev/null", "-w", "%{http_code}", `https://127.0.0.1:${httpsPort}/ping`]).out === "200") return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`nginx did not serve: ${readFileSync(join(work, "logs/error.log"), "utf8")}`);
}, 30000);

afterAll(async () => {
  if (nginx && nginx.exitCode === null) {
    nginx.kill("SIGTERM");
    await new Promise((r) => nginx!.once("exit", r));
  }
  rmSync(work, { recursive: true, force: true });
});

/** Whether a handshake with these s_client options completes. */
function handshake(...opts: string[]): boolean {
  const r = run("openssl", ["s_client", "-connect", `127.0.0.1:${httpsPort}`, "-servername", serverName, ...opts], "Q\n");
  return r.code === 0 && /Cipher is (?!\(NONE\))/.test(r.out);
}

describe("edge TLS (aws stacks)", () => {
  test("nginx -t accepts the rendered config", () => {
    const r = run("nginx", ["-t", "-q", "-c", join(work, "nginx.conf"), "-p", work, "-e", join(work, "logs/error.log"), "-g", `pid ${join(work, "nginx-t.pid")};`]);
    expect(r).toEqual({ code: 0, out: "" });
  });

  test("TLS 1.0 and 1.1 are refused; 1.2 and 1.3 answer", () => {
    expect(handshake("-tls1", "-cipher", "DEFAULT@SECLEVEL=0")).toBe(false);
    expect(handshake("-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0")).toBe(false);
    expect(handshake("-tls1_2")).toBe(true);
    expect(handshake("-tls1_3")).toBe(true);
  });

  test.each([
    ["static RSA key exchange", "AES128-GCM-SHA256"],
    ["finite-field DHE", "DHE-RSA-AES128-GCM-SHA256"],
    ["ECDHE with a CBC cipher", "ECDHE-RSA-AES128-SHA"],
    ["ECDHE with CBC and SHA-256", "ECDHE-RSA-AES256-SHA384"],
  ])("TLS 1.2 refuses %s (%s)", (_what, cipher) => {
    expect(handshake("-tls1_2", "-cipher", `${cipher}@SECLEVEL=0`)).toBe(false);
  });

  test.each(["ECDHE-RSA-AES128-GCM-SHA256", "ECDHE-RSA-AES256-GCM-SHA384", "ECDHE-RSA-CHACHA20-POLY1305"])("TLS 1.2 accepts ECDHE AEAD %s", (cipher) => {
    expect(handshake("-tls1_2", "-cipher", cipher)).toBe(true);
  });

  test("HSTS on the TLS answers", () => {
    const r = run("curl", ["-sk", "-D", "-", "-o", "/dev/null", `https://127.0.0.1:${httpsPort}/ping`]);
    expect(r.out).toMatch(/^strict-transport-security: max-age=31536000; includeSubDomains\r?$/im);
  });

  test("port 80 redirects to the configured serverName, never to the client's Host", () => {
    const r = run("curl", ["-s", "-D", "-", "-o", "/dev/null", "-H", "Host: evil.example", `http://127.0.0.1:${httpPort}/api/v1/namespaces?x=1`]);
    expect(r.out).toMatch(/^HTTP\/1\.1 301/);
    expect(r.out).toMatch(new RegExp(`^location: https://${serverName.replace(/\./g, "\\.")}/api/v1/namespaces\\?x=1\\r?$`, "im"));
    expect(r.out).not.toMatch(/evil\.example/);
  });
});
