/**
 * Static addressing on a real engine. The local stack's network (its subnet, its fixed
 * controller addresses and aliases) is created under this run's name; a controller stand-in is removed
 * and recreated, and comes back at the same IPv4 under the same name, resolved by a peer.
 */
import { parseStackConfig } from "../../components/config/validate";
import { planSeedAddresses } from "../../components/plan/seedAddresses";
import { stackConfig } from "../support/mockRun";
import { rawConfig, withKey } from "../support/configs";
import { dockerDynamicPool } from "../../components/plan/dockerAddressPool";
import { baseImage, cleanup, docker, must, PREFIX, requireEngine, track } from "./engine";

afterAll(() => cleanup());

test("a controller at its fixed IPv4 and alias keeps both across remove and recreate, and a peer resolves it", () => {
  requireEngine();
  const config = parseStackConfig(stackConfig("local"));
  const [c0] = planSeedAddresses(config);
  const network = track("networks", `${PREFIX}-${config.docker!.networkName}`);
  must(["network", "create", "--driver", "bridge", "--subnet", config.docker!.subnet, network]);
  const image = baseImage();
  const start = () => {
    const name = track("containers", `${PREFIX}-${c0.name}`);
    must(["run", "-d", "--name", name, "--network", network, "--ip", c0.privateIp, "--network-alias", c0.name, image, "sleep", "300"]);
    return name;
  };
  const ipOf = (name: string) => must(["inspect", "-f", `{{(index .NetworkSettings.Networks "${network}").IPAddress}}`, name]);
  const peer = track("containers", `${PREFIX}-peer`);
  must(["run", "-d", "--name", peer, "--network", network, image, "sleep", "300"]);
  const resolve = () => must(["exec", peer, "nslookup", c0.name]);

  const first = start();
  expect(ipOf(first)).toBe(c0.privateIp);
  expect(resolve()).toContain(`Address: ${c0.privateIp}`);
  must(["rm", "-f", first]);
  expect(must(["exec", peer, "sh", "-c", `nslookup ${c0.name} >/dev/null 2>&1 && echo found || echo gone`])).toBe("gone");
  const second = start();
  expect(ipOf(second)).toBe(c0.privateIp);
  expect(resolve()).toContain(`Address: ${c0.privateIp}`);
});

test("with the rendered ip_range, containers without a fixed address never take a controller's; without it they do", () => {
  requireEngine();
  // The engine is shared: a subnet of this run's own (networks may not overlap), controllers at .10 and .11 as in the local stack.
  const subnetOf = (k: number) => `10.${150 + (process.pid % 50)}.${(process.pid + k) % 250}.0/24`;
  const image = baseImage();
  const takers = (withPool: boolean) => {
    const subnet = subnetOf(withPool ? 0 : 1);
    const base = subnet.split(".").slice(0, 3).join(".");
    const config = parseStackConfig(withKey(rawConfig({ controllers: 2 }), "openwhisk:docker", { subnet, controllerAddresses: [`${base}.10`, `${base}.11`] }));
    const [c0] = planSeedAddresses(config);
    const network = track("networks", `${PREFIX}-pool-${withPool}`);
    must(["network", "create", "--driver", "bridge", "--subnet", subnet, ...(withPool ? ["--ip-range", dockerDynamicPool(config.docker!)] : []), network]);
    // Enough automatic containers to walk past the controller's address (.10) in a pool that starts at .2.
    const ips: string[] = [];
    for (let i = 0; i < 9; i++) {
      const name = track("containers", `${PREFIX}-auto-${withPool}-${i}`);
      must(["run", "-d", "--name", name, "--network", network, image, "sleep", "300"]);
      ips.push(must(["inspect", "-f", `{{(index .NetworkSettings.Networks "${network}").IPAddress}}`, name]));
    }
    // The controller, (re)created after them, at its fixed address.
    const controller = track("containers", `${PREFIX}-pool-${withPool}-${c0.name}`);
    const started = docker(["run", "-d", "--name", controller, "--network", network, "--ip", c0.privateIp, image, "sleep", "300"]);
    return { ips, fixed: c0.privateIp, controllerStarted: started.code === 0, error: started.stderr };
  };
  const pooled = takers(true);
  expect(pooled.ips.every((ip) => Number(ip.split(".")[3]) >= 128)).toBe(true);
  expect(pooled.controllerStarted).toBe(true);
  // The old rendering (no ip_range): an automatic container took the controller's address.
  const unpooled = takers(false);
  expect(unpooled.ips).toContain(unpooled.fixed);
  expect(unpooled.controllerStarted).toBe(false);
  expect(unpooled.error).toMatch(/already in use|Address already|no available/i);
});
