/**
 * The downing supervisor's node (components/supervisor): rendered whenever controllers.downing.mode is
 * manual and controllers.downing.supervisor.enabled (the default).
 *
 * - docker: a container on the cluster network. It drives the engine through the docker socket
 *   (fencing: stop, wait for exited, start) and runs its JMX client in the controller image's own JVM
 *   as a short-lived container on the same network, so it reaches the controllers' JMX and RMI ports
 *   there and nothing new is published. Its lease and status file live in a host directory.
 * - aws: a small host of its own (DowningSupervisor), not the core host: the supervisor's role may
 *   stop and start this stack's controller instances, and the core host runs the internet-facing edge;
 *   keeping that permission off the host that serves clients keeps an edge compromise from stopping
 *   controllers. Its status and lease are SSM parameters.
 *
 * It depends on nothing: it must run before the controllers, since with its seed order
 * (supervisedSeeds.ts) no controller forms a cluster until the supervisor has verified a cold start.
 */
import type { StackConfig } from "../config/schema";
import { parseDuration } from "../config/durations";
import { clusterMBeanName, memberAddress } from "../supervisor/clusterStatus";
import { programFiles } from "../supervisor/programFiles";
import { SUPERVISOR_DIR, type SupervisorRuntimeConfig } from "../supervisor/runtimeConfig";
import type { ContainerSpec, FileSpec } from "./containerSpec";
import type { StaticAddress } from "./seedAddresses";
import { supervisorEnabled } from "./supervisedSeeds";

export const SUPERVISOR_NAME = "supervisor";
/** docker: the host directory with the lease and the status file. */
export const supervisorStateDir = (stack: string) => `/var/lib/openwhisk-supervisor/${stack}`;
/** Where the published status is inside the container (docker) and its SSM parameter (aws). */
export const SUPERVISOR_STATUS_FILE = "/state/status.json";
export const supervisorStatusParameter = (stack: string) => `/openwhisk/${stack}/supervisor/status`;
export const supervisorLeaseParameter = (stack: string) => `/openwhisk/${stack}/supervisor/lease`;
const PASSWORD_FILE = "/run/openwhisk-supervisor/jmx.password";

/**
 * The default image per target (controllers.downing.supervisor.image overrides it). docker: plain Node.js;
 * its program needs only Node.js built-ins. aws: the program needs the AWS SDK for JavaScript v3
 * (@aws-sdk/client-ec2, @aws-sdk/client-ssm), so AWS's Lambda base image for Node.js 22, whose runtime
 * carries SDK v3 (AWS Lambda developer guide, "Building Lambda functions with Node.js": runtimes from
 * nodejs18.x on include version 3 of the SDK) in /var/runtime/node_modules, the directory Lambda itself
 * puts on NODE_PATH. Its ENTRYPOINT is the Lambda runtime interface, so the host overrides it with `node`
 * (SUPERVISOR_ENTRYPOINT) and sets SUPERVISOR_NODE_PATH. Nothing is installed at run time: the SDK is
 * part of the image the host pulls.
 */
export const SUPERVISOR_IMAGES = { docker: "node:20-alpine", aws: "public.ecr.aws/lambda/nodejs:22" } as const;
/** aws: the executable the supervisor's container runs, whatever the image's ENTRYPOINT (Lambda images: the runtime interface). */
export const SUPERVISOR_ENTRYPOINT = "node";
/** aws: where node looks for the AWS SDK besides node_modules next to the program (the Lambda images' runtime modules). */
export const SUPERVISOR_NODE_PATH = "/var/runtime/node_modules";

export function supervisorRuntimeConfig(config: StackConfig, stack: string, addresses: StaticAddress[]): SupervisorRuntimeConfig {
  const d = config.controllers.downing;
  if (d.mode !== "manual") throw new Error("openwhisk:controllers.downing.supervisor: the supervisor runs with manual downing only");
  const ms = (v: string) => parseDuration(v)!.ms;
  const flavor = config.release.flavor;
  const docker = config.target === "docker";
  return {
    target: config.target,
    objectName: clusterMBeanName(flavor),
    stableAfterMs: ms(d.supervisor.stableAfter),
    intervalMs: ms(d.supervisor.interval),
    fenceTimeoutMs: ms(d.supervisor.fenceTimeout),
    rejoinTimeoutMs: ms(d.supervisor.rejoinTimeout),
    controllers: addresses.map((a) => ({
      index: a.index,
      name: a.name,
      address: memberAddress(flavor, a.host, a.port),
      jmx: `${a.host}:${d.port}`,
      container: docker ? `${stack}-${a.name}` : a.name,
    })),
    jmx: { image: config.release.controllerImage, network: docker ? config.docker!.networkName : "host", passwordFile: PASSWORD_FILE },
    ...(docker
      ? { statusFile: SUPERVISOR_STATUS_FILE, leaseFile: "/state/lease" }
      : { region: config.aws!.region, stack, statusParameter: supervisorStatusParameter(stack), leaseParameter: supervisorLeaseParameter(stack) }),
  };
}

/** The supervisor's node, or undefined when the stack runs none. */
export function renderSupervisor(config: StackConfig, stack: string, addresses: StaticAddress[]): ContainerSpec | undefined {
  if (!supervisorEnabled(config)) return undefined;
  const d = config.controllers.downing;
  if (d.mode !== "manual") return undefined;
  const runtime = supervisorRuntimeConfig(config, stack, addresses);
  const files: FileSpec[] = [
    ...programFiles(config.target),
    // Its own copy of the JMX password (the controllers' JVMs may rewrite theirs).
    { containerPath: PASSWORD_FILE, content: { secret: "jmxPassword", before: `${d.user} `, after: "\n" }, mode: "0600" },
  ];
  return {
    name: SUPERVISOR_NAME,
    role: "supervisor",
    image: d.supervisor.image ?? SUPERVISOR_IMAGES[config.target],
    ...(config.target === "aws"
      ? { entrypoint: SUPERVISOR_ENTRYPOINT, command: [`${SUPERVISOR_DIR}/main.js`] }
      : { command: ["node", `${SUPERVISOR_DIR}/main.js`] }),
    hostname: SUPERVISOR_NAME,
    env: { OW_SUPERVISOR: JSON.stringify(runtime), ...(config.target === "aws" ? { NODE_PATH: SUPERVISOR_NODE_PATH } : {}) },
    ports: [],
    volumes: [
      { hostPath: "/var/run/docker.sock", containerPath: "/var/run/docker.sock" },
      ...(config.target === "docker" ? [{ hostPath: supervisorStateDir(stack), containerPath: "/state" }] : []),
    ],
    files,
    restart: "always",
    labels: {
      "openwhisk.role": "supervisor",
      "openwhisk.environment": config.environment,
      "openwhisk.supervisor.stable-after": d.supervisor.stableAfter,
      "openwhisk.supervisor.interval": d.supervisor.interval,
    },
    privileged: false,
    aliases: [SUPERVISOR_NAME],
    dependsOn: [],
    oneShot: false,
  };
}
