/** The OpenWhisk builds this project knows (docs/builds.md#controller-cluster-keys-per-build). Dependency-free: the policy pack loads it too. */
import { deepFreeze } from "../plan/deepFreeze";
export const FLAVORS = ["legacy-2017", "akka-2.5", "akka-2.6", "pekko"] as const;
export type Flavor = (typeof FLAVORS)[number];

// Shared by every stack this process renders: never changed (../plan/deepFreeze.ts).
deepFreeze(FLAVORS);
