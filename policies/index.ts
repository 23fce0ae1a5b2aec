/**
 * The CrossGuard entry point: `pulumi preview --policy-pack policies` loads this file, which starts
 * the policy server. Nothing else may import it (tests and the offline checker use ./pack).
 */
import { PolicyPack } from "@pulumi/policy";
import { PACK_NAME, stackPolicies } from "./pack";

new PolicyPack(PACK_NAME, { policies: stackPolicies() });
