/**
 * A second, tighter floor: what Pulumi's SDK alone costs to register N resources under the same
 * mocks, as a new-stack preview and after an update, the way the checker runs a program: N bare
 * aws.ec2.Instance resources with user data of the size ours carry, no components, no policies.
 * `node -r ./cli/register.js bench/sdkFloor.ts <n>`.
 */
import * as aws from "@pulumi/aws";
import { runProgram } from "../cli/offline/runProgram";

const count = Number(process.argv[2] ?? 100);
const userData = "#cloud-config\n" + "KEY=value\n".repeat(600);

function program(): void {
  const group = new aws.ec2.SecurityGroup("floor", {});
  for (let i = 0; i < count; i++) {
    new aws.ec2.Instance(`node${i}`, { ami: "ami-0123456789abcdef0", instanceType: "m6i.xlarge", subnetId: "subnet-0", vpcSecurityGroupIds: [group.id], userData: `${userData}${i}`, tags: { Name: `node${i}`, "openwhisk:role": "invoker" } });
  }
}

(async () => {
  let registered = 0;
  for (const preview of [true, false]) {
    registered = (await runProgram({ project: "floor", stack: "floor", preview, config: {}, load: program })).resources.length;
    (globalThis as { gc?: () => void }).gc?.();
  }
  process.stdout.write(JSON.stringify({ resources: registered }) + "\n");
})();
