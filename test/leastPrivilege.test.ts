/**
 * Least privilege on aws hosts: each controller host may write only its own readiness parameter, named
 * by its full ARN with the account id; the metadata hop limit is 1 on every host; invoker hosts never
 * receive the CouchDB server-admin password (per-role CouchDB users, created by the init job).
 */
import { readyParameter } from "../components/plan/readiness";
import { rawConfig } from "./support/configs";
import { ofType, runUnderMocks } from "./support/mockRun";

const AWS = rawConfig({ target: "aws", flavor: "pekko", controllers: 3, invokers: 1 });
/** The account id the offline mocks answer aws.getCallerIdentity with. */
const ACCOUNT = "123456789012";

describe("readiness reports", () => {
  test("each controller host's role may put exactly its own parameter, by full ARN with the account id", async () => {
    const run = await runUnderMocks(AWS, { stack: "least" });
    const writes = ofType(run, "aws:iam/rolePolicy:RolePolicy").filter((p) => p.name.endsWith("-write-reports"));
    const byController = new Map(writes.map((p) => [p.name.replace(/^openwhisk-hosts-controller-/, "").replace(/-write-reports$/, ""), JSON.parse(String(p.inputs.policy))]));
    expect([...byController.keys()].sort()).toEqual(["controller0", "controller1", "controller2"]);
    for (const [controller, policy] of byController) {
      expect(policy.Statement).toEqual([{ Effect: "Allow", Action: ["ssm:PutParameter"], Resource: [`arn:aws:ssm:eu-west-1:${ACCOUNT}:parameter${readyParameter("least", controller)}`] }]);
    }
    // Each controller instance runs with its own profile.
    const profiles = new Map(ofType(run, "aws:iam/instanceProfile:InstanceProfile").map((p) => [p.urn, p.name]));
    for (const i of ofType(run, "aws:ec2/instance:Instance").filter((x) => (x.inputs.tags as Record<string, string>)["openwhisk:role"] === "controller")) {
      const name = (i.inputs.tags as Record<string, string>).Name;
      expect(i.propertyDependencies.iamInstanceProfile?.map((u) => profiles.get(u))).toEqual([`openwhisk-hosts-controller-${name}-profile`]);
    }
    // No role anywhere may write by pattern.
    for (const p of ofType(run, "aws:iam/rolePolicy:RolePolicy")) expect(String(p.inputs.policy)).not.toMatch(/ssm:PutParameter[^\]]*\*/);
  });
});

describe("instance metadata", () => {
  test("hop limit 1 and IMDSv2 on every host", async () => {
    const run = await runUnderMocks(AWS, { stack: "least" });
    for (const i of ofType(run, "aws:ec2/instance:Instance")) {
      expect(i.inputs.metadataOptions).toEqual({ httpTokens: "required", httpEndpoint: "enabled", httpPutResponseHopLimit: 1 });
    }
  });
});
