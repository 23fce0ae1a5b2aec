/**
 * Issue 10 §2: static addressing on a real engine. The local stack's network (its subnet, its fixed
 * controller addresses and aliases) is created under this run's name; a controller stand-in is removed
 * and recreated, and comes back at the same IPv4 under the same name, resolved by a peer.
 */
import { parseStackConfig } from "../../components/config/validate";
import { planSeedAddresses } from "../../components/plan/seedAddresses";
import { stackConfig } from "../support/mockRun";
import { baseImage, cleanup, must, PREFIX, requireEngine, track } from "./engine";

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
