/**
 * Least privilege on aws hosts: each controller host may write only its own readiness parameter, named
 * by its full ARN with the account id; the metadata hop limit is 1 on every host; invoker hosts never
 * receive the CouchDB server-admin password (per-role CouchDB users, created by the init job).
 */
import { parseStackConfig } from "../components/config/validate";
import { COUCHDB_ROLE_USERS } from "../components/plan/commonEnv";
import { hostSecrets } from "../components/plan/hostSecrets";
import { readyParameter } from "../components/plan/readiness";
import { renderStack } from "../components/plan/renderStack";
import { FLAVORS } from "../components/config/flavorNames";
import { hostEnv, userDataText } from "./support/hostSetup";
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

describe("CouchDB: per-role users, the server admin only with the init job", () => {
  test.each(FLAVORS)("%s: invokers and controllers connect as their own users; only the init job and CouchDB hold the admin password", (flavor) => {
    const config = parseStackConfig(rawConfig({ target: "aws", flavor, controllers: 1, invokers: 1 }));
    const nodes = renderStack(config, "least").nodes;
    const user = (env: Record<string, unknown>) => env.CONFIG_whisk_couchdb_username ?? env.DB_USERNAME;
    const password = (env: Record<string, unknown>) => env.CONFIG_whisk_couchdb_password ?? env.DB_PASSWORD;
    const invoker = nodes.find((n) => n.role === "invoker")!;
    const controller = nodes.find((n) => n.role === "controller")!;
    expect([user(invoker.env), password(invoker.env)]).toEqual([COUCHDB_ROLE_USERS.invoker, { secret: "couchdbInvokerPassword" }]);
    expect([user(controller.env), password(controller.env)]).toEqual([COUCHDB_ROLE_USERS.controller, { secret: "couchdbControllerPassword" }]);
    const holders = nodes.filter((n) => JSON.stringify(n.env).includes('"couchdbPassword"')).map((n) => n.role).sort();
    expect(holders).toEqual(["couchdb", "initdb"]);
    expect(hostSecrets(config, "least").invoker.secrets).not.toContain("couchdbPassword");
  });

  test("an invoker host's user data and role never name the admin password", async () => {
    const run = await runUnderMocks(AWS, { stack: "least" });
    const invoker = ofType(run, "aws:ec2/instance:Instance").find((i) => (i.inputs.tags as Record<string, string>)["openwhisk:role"] === "invoker")!;
    expect(userDataText(invoker)).not.toMatch(/couchdbPassword/);
    expect(hostEnv(invoker, "invoker0").CONFIG_whisk_couchdb_username).toBe(COUCHDB_ROLE_USERS.invoker);
    const read = ofType(run, "aws:iam/rolePolicy:RolePolicy").find((p) => p.name === "openwhisk-hosts-invoker-read-secrets")!;
    expect(String(read.inputs.policy)).not.toMatch(/couchdbPassword/);
  });
});
