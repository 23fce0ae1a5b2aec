/**
 * The pack as the Pulumi CLI runs it: `policies/index.ts` started in its own process (it starts
 * CrossGuard's gRPC analyzer server and prints the port), then called over gRPC with
 * `AnalyzeStack`, the request the engine sends after a preview or update. This is the path of
 * `pulumi preview --policy-pack policies`, minus the engine.
 */
import type { ChildProcess } from "child_process";
import * as path from "path";
import type { RegisteredResource } from "../cli/offline/runProgram";
import { ROOT, runUnderMocks, stackConfig } from "./support/mockRun";
import { fromPulumi, startPortPrintingServer, stopServer } from "./support/portPrintingServer";
import { checkRaw, dockerCluster } from "./support/rawStacks";

// gRPC and protobuf exactly as @pulumi/pulumi (and so the policy SDK) resolve them.
const grpc = fromPulumi("@grpc/grpc-js");
const { Struct } = fromPulumi("google-protobuf/google/protobuf/struct_pb");
const analyzerPb = require("@pulumi/pulumi/proto/analyzer_pb");
const { AnalyzerClient } = require("@pulumi/pulumi/proto/analyzer_grpc_pb");

let server: ChildProcess;
let client: any;

beforeAll(async () => {
  let port: number;
  ({ server, port } = await startPortPrintingServer(["-r", path.join(ROOT, "node_modules/ts-node/register/transpile-only"), "index.ts"], path.join(ROOT, "policies")));
  client = new AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
});

afterAll(async () => {
  client?.close();
  await stopServer(server);
});

function analyzerResource(r: RegisteredResource) {
  const res = new analyzerPb.AnalyzerResource();
  res.setType(r.type);
  res.setUrn(r.urn);
  res.setName(r.name);
  res.setProperties(Struct.fromJavaScript(JSON.parse(JSON.stringify(r.outputs))));
  const opts = new analyzerPb.AnalyzerResourceOptions();
  opts.setProtect(r.protect);
  opts.setDeletebeforereplace(r.deleteBeforeReplace);
  if (r.parent) {
    opts.setParent(r.parent);
    res.setParent(r.parent);
  }
  res.setOptions(opts);
  res.setDependenciesList(r.dependencies);
  for (const [key, urns] of Object.entries(r.propertyDependencies)) {
    const deps = new analyzerPb.AnalyzerPropertyDependencies();
    deps.setUrnsList(urns);
    res.getPropertydependenciesMap().set(key, deps);
  }
  return res;
}

async function analyzeStack(resources: RegisteredResource[]): Promise<{ policy: string; level: number; urn: string; message: string }[]> {
  const req = new analyzerPb.AnalyzeStackRequest();
  req.setResourcesList(resources.map(analyzerResource));
  const response: any = await new Promise((resolve, reject) => client.analyzeStack(req, (e: Error | null, r: unknown) => (e ? reject(e) : resolve(r))));
  return response.getDiagnosticsList().map((d: any) => ({ policy: d.getPolicyname(), level: d.getEnforcementlevel(), urn: d.getUrn(), message: d.getMessage() }));
}

test.each([true, false])("the prod stack passes the pack in CrossGuard's server (preview: %p)", async (preview) => {
  const run = await runUnderMocks(stackConfig("prod"), { stack: "prod", preview });
  expect(await analyzeStack(run.resources)).toEqual([]);
});

test("a hand-written stack is rejected by name, with unknown values in the preview never skipping a policy", async () => {
  const raw = await checkRaw(dockerCluster({ invokerEnv: (env) => Object.fromEntries(Object.entries(env).filter(([k]) => k !== "CONFIG_whisk_docker_containerFactory_useRunc")) }));
  for (const run of [raw.previewRun, raw.updateRun]) {
    const diagnostics = await analyzeStack(run.resources);
    expect(diagnostics.filter((d) => /can't run/.test(d.message))).toEqual([]);
    const runc = diagnostics.find((d) => d.policy === "invoker-runc-key");
    expect(runc).toMatchObject({ level: analyzerPb.EnforcementLevel.MANDATORY, urn: expect.stringMatching(/::invoker0$/) });
    // The same findings as the offline checker reports for the same resources.
    const offline = (run === raw.previewRun ? raw.preview : raw.update).map((v) => `${v.policy} ${v.resource}`).sort();
    expect(diagnostics.map((d) => `${d.policy} ${d.urn}`).sort()).toEqual(offline);
  }
});
