/** The modules the running supervisor needs on each target (programBundle.ts carries them all), entry point last. */
const COMMON = ["clientClasses", "clusterStatus", "decision", "deciderLease", "dockerEngine", "jmxClient", "engineJava", "supervisorRound"] as const;
export const PROGRAM_MODULES_BY_TARGET = {
  docker: [...COMMON, "dockerIo", "main"],
  aws: [...COMMON, "ec2Fence", "awsIo", "main"],
} as const;
export const PROGRAM_MODULES = [...COMMON, "dockerIo", "ec2Fence", "awsIo", "main"] as const;
