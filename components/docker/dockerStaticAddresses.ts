/**
 * Static addressing on a Docker engine: a user-defined bridge network with a fixed subnet. Every
 * controller later runs at its fixed IPv4 on it, with its name as a stable network alias (its DNS name).
 */
import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import type { StackConfig } from "../config/schema";
import { planSeedAddresses, StaticAddress } from "../plan/seedAddresses";

export interface DockerStaticAddressesArgs {
  /** The validated stack config (target docker). */
  config: StackConfig;
  /** Protect the network against deletion. */
  protect?: boolean;
}

export class DockerStaticAddresses extends pulumi.ComponentResource {
  /** The planned static addresses: fixed IPv4 and alias per controller, with the remoting port. */
  public readonly addresses: StaticAddress[];
  /** The user-defined network's name. */
  public readonly networkName: pulumi.Output<string>;
  public readonly network: docker.Network;

  constructor(name: string, args: DockerStaticAddressesArgs, opts?: pulumi.ComponentResourceOptions) {
    super("openwhisk:docker:StaticAddresses", name, {}, opts);
    const d = args.config.docker;
    if (args.config.target !== "docker" || !d) throw new Error("openwhisk:target: DockerStaticAddresses needs the docker target and openwhisk:docker");
    this.addresses = planSeedAddresses(args.config);
    this.network = new docker.Network(
      `${name}-network`,
      {
        name: d.networkName,
        driver: "bridge",
        ipamConfigs: [{ subnet: d.subnet, ...(d.gateway ? { gateway: d.gateway } : {}) }],
        labels: [{ label: "openwhisk.static-subnet", value: d.subnet }],
      },
      { parent: this, protect: args.protect },
    );
    this.networkName = this.network.name;
    this.registerOutputs({ networkName: this.networkName, addresses: this.addresses });
  }
}
