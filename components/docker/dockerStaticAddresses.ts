/**
 * Static addressing on a Docker engine: a user-defined bridge network with a fixed subnet. Every
 * controller later runs at its fixed IPv4 on it, with its name as a stable network alias (its DNS name).
 */
import { resolveSettings, type OpenWhiskSettings } from "../settings";
import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import { dockerDynamicPool } from "../plan/dockerAddressPool";
import { planSeedAddresses, StaticAddress } from "../plan/seedAddresses";

export interface DockerStaticAddressesArgs {
  /** What the deployment is configured with (the stack config as arguments; validated by the same contract). */
  settings: OpenWhiskSettings;
  /** Protect the network against deletion. */
  protect?: boolean;
}

export class DockerStaticAddresses extends pulumi.ComponentResource {
  /** The planned static addresses: fixed IPv4 and alias per controller, with the remoting port. */
  public readonly addresses: StaticAddress[];
  /** The user-defined network's name. */
  public readonly networkName: pulumi.Output<string>;
  /** The user-defined docker network with the fixed subnet. */
  public readonly network: docker.Network;

  constructor(name: string, args: DockerStaticAddressesArgs, opts?: pulumi.ComponentResourceOptions) {
    super("openwhisk:index:DockerStaticAddresses", name, {}, { ...opts, aliases: [...(opts?.aliases ?? []), { type: "openwhisk:docker:StaticAddresses" }] });
    const config = resolveSettings(args.settings);
    const d = config.docker;
    if (config.target !== "docker" || !d) throw new Error("openwhisk:target: DockerStaticAddresses needs the docker target and openwhisk:docker");
    this.addresses = planSeedAddresses(config);
    this.network = new docker.Network(
      `${name}-network`,
      {
        name: d.networkName,
        driver: "bridge",
        // Automatic addresses only from the dynamic pool, never a controller's fixed one (plan/dockerAddressPool.ts).
        ipamConfigs: [{ subnet: d.subnet, ipRange: dockerDynamicPool(d), ...(d.gateway ? { gateway: d.gateway } : {}) }],
        labels: [{ label: "openwhisk.static-subnet", value: d.subnet }],
      },
      { parent: this, protect: args.protect },
    );
    this.networkName = this.network.name;
    this.registerOutputs({ networkName: this.networkName, addresses: this.addresses });
  }
}
