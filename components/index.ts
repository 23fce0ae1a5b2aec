/**
 * The reusable library: config contract, pure planner, and the Pulumi components.
 * Start from OpenWhiskCluster, or compose the parts (static addresses, CoreServices,
 * ControllerCluster, InvokerFleet) in your own program.
 */
export * from "./config";
export * from "./plan";
export * from "./plan/cloudInit";
export * from "./secrets";
export * from "./placement";
export * from "./docker/dockerStaticAddresses";
export * from "./docker/containerArgs";
export * from "./aws/awsNetwork";
export * from "./aws/awsStaticAddresses";
export * from "./aws/hostAccess";
export * from "./controllerCluster";
export * from "./invokerFleet";
export * from "./coreServices";
export * from "./openWhiskCluster";
export * from "./aws/controllerReadyGate";
export * from "./settings";
