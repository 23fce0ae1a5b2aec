/** The docker decider lease as deployed: every copy's container has the same hostname (`supervisor`). */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { dockerIo } from "../../components/supervisor/dockerIo";
import { renderStack } from "../../components/plan/renderStack";
import { validateStackConfig } from "../../components/config/validate";
import type { SupervisorRuntimeConfig } from "../../components/supervisor/runtimeConfig";
import { rawConfig } from "../support/configs";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "ow-lease-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test("two copies built as main.ts builds them (default holder name, one hostname) do not both hold the lease", async () => {
  const r = validateStackConfig(rawConfig({ controllers: 3, downing: { mode: "manual", via: "jmx", port: 15000, allowedCidrs: ["172.30.0.0/24"] } }));
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  const node = renderStack(r.config, "t").nodes.find((n) => n.role === "supervisor")!;
  // Every copy runs in a container with this one hostname.
  expect(node.hostname).toBe("supervisor");
  const cfg: SupervisorRuntimeConfig = { ...JSON.parse(String(node.env.OW_SUPERVISOR)), leaseFile: join(dir, "lease"), statusFile: join(dir, "status.json") };
  const first = dockerIo(cfg);
  const second = dockerIo(cfg);
  expect(await first.holdsLease()).toBe(true);
  expect(await second.holdsLease()).toBe(false);
  expect(await first.holdsLease()).toBe(true);
});
