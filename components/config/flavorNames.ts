/** The OpenWhisk builds this project knows (docs/builds.md#controller-cluster-keys-per-build). Dependency-free: the policy pack loads it too. */
export const FLAVORS = ["legacy-2017", "akka-2.5", "akka-2.6", "pekko"] as const;
export type Flavor = (typeof FLAVORS)[number];
