/** The pure planner: static addresses and rendered container specs. Imports no Pulumi resource. */
export * from "./containerSpec";
export * from "./flavors";
export * from "./seedAddresses";
export * from "./serviceEndpoints";
export * from "./commonEnv";
export * from "./clusterEnv";
export * from "./renderController";
export * from "./renderInvoker";
export * from "./renderCoreServices";
export * from "./renderStack";
export * from "./builds";
export * from "./databaseInit";
export * from "./envTransform";
export * from "./jmx";
export * from "./startupContract";
