/** The modules the running supervisor needs (programBundle.ts carries them), entry point last. */
export const PROGRAM_MODULES = ["clientClasses", "clusterStatus", "decision", "deciderLease", "dockerEngine", "jmxClient", "runtimeConfig", "supervisorRound", "ec2Fence", "awsIo", "main"] as const;
