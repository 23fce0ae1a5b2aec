/**
 * The component package as Pulumi launches it for `pulumi package add`: PulumiPlugin.yaml's entry
 * point run by the nodejs runtime's plugin runner (@pulumi/pulumi/cmd/run-plugin, TypeScript compiled
 * and type-checked by ts-node with this repository's tsconfig.json), which starts the provider's gRPC
 * server and prints its port; then asked for its schema over gRPC with `GetSchema`, the request the
 * CLI sends before generating an SDK. This is that path, minus the CLI.
 */
import type { ChildProcess } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { fromPulumi, startPortPrintingServer, stopServer } from "../support/portPrintingServer";

const ROOT = path.resolve(__dirname, "../..");
// gRPC exactly as @pulumi/pulumi resolves it.
const grpc = fromPulumi("@grpc/grpc-js");
const providerPb = require("@pulumi/pulumi/proto/provider_pb");
const { ResourceProviderClient } = require("@pulumi/pulumi/proto/provider_grpc_pb");

let server: ChildProcess;
let client: any;

beforeAll(async () => {
  const main = /^main: (\S+)$/m.exec(fs.readFileSync(path.join(ROOT, "PulumiPlugin.yaml"), "utf8"))![1];
  const runPlugin = path.join(path.dirname(require.resolve("@pulumi/pulumi/package.json")), "cmd", "run-plugin");
  let port: number;
  ({ server, port } = await startPortPrintingServer([runPlugin, main], ROOT));
  client = new ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
}, 180_000);

afterAll(async () => {
  client?.close();
  await stopServer(server);
});

test("the entry point named by PulumiPlugin.yaml serves the package schema over gRPC", async () => {
  const req = new providerPb.GetSchemaRequest();
  req.setVersion(0);
  const response: any = await new Promise((resolve, reject) => client.getSchema(req, (e: Error | null, r: unknown) => (e ? reject(e) : resolve(r))));
  const schema = JSON.parse(response.getSchema());
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
  expect(schema.name).toBe("openwhisk");
  expect(schema.version).toBe(pkg.version);
  expect(Object.keys(schema.resources).sort()).toEqual(
    ["AwsNetwork", "DockerStaticAddresses", "OpenWhiskCluster", "OpenWhiskSecrets"].map((n) => `openwhisk:index:${n}`),
  );
  expect(schema.resources["openwhisk:index:OpenWhiskCluster"].isComponent).toBe(true);
  expect(Object.keys(schema.resources["openwhisk:index:OpenWhiskCluster"].inputProperties)).toEqual(expect.arrayContaining(["target", "release", "controllers", "invokers"]));
}, 120_000);
