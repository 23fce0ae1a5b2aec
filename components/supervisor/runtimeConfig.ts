/** What the running supervisor is told (env OW_SUPERVISOR, one line of JSON), rendered by plan/renderSupervisor.ts. */
export interface SupervisorRuntimeConfig {
  target: "docker" | "aws";
  /** The cluster MBean's ObjectName for the build (clusterMBeanName). */
  objectName: string;
  stableAfterMs: number;
  intervalMs: number;
  fenceTimeoutMs: number;
  rejoinTimeoutMs: number;
  controllers: Array<{
    index: number;
    name: string;
    /** The cluster address members are listed under. */
    address: string;
    /** host:port of its JMX registry (the RMI port is port + 1). */
    jmx: string;
    /** docker: the container's name. aws: the instance's Name tag (with the stack's openwhisk:stack tag). */
    container: string;
  }>;
  /** Where the JMX client runs: the controller image's JVM, on the controllers' network (docker) or the host's (aws). */
  jmx: { image: string; network: string; passwordFile: string };
  /** docker: status file and lease file (a host directory). */
  statusFile?: string;
  leaseFile?: string;
  /** aws: region, stack tag, and the SSM parameters for the status and the lease. */
  region?: string;
  stack?: string;
  statusParameter?: string;
  leaseParameter?: string;
}

export const SUPERVISOR_DIR = "/opt/openwhisk-supervisor";
