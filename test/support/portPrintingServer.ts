/**
 * Starts a process the way the Pulumi CLI starts a plugin (a policy pack, a component provider): it
 * serves gRPC and prints its port on the first line of stdout. Resolves with the process and the port,
 * or rejects with its stderr if it exits first.
 */
import { spawn, type ChildProcess } from "child_process";
import * as path from "path";

/** A module exactly as @pulumi/pulumi resolves it (gRPC, protobuf). */
export const fromPulumi = (id: string) => require(require.resolve(id, { paths: [path.dirname(require.resolve("@pulumi/pulumi/package.json"))] }));

export async function startPortPrintingServer(args: string[], cwd: string): Promise<{ server: ChildProcess; port: number }> {
  const server = spawn(process.execPath, args, { cwd, stdio: ["ignore", "pipe", "pipe"] });
  const port = await new Promise<number>((resolve, reject) => {
    let err = "";
    server.stderr!.on("data", (d) => (err += d));
    server.stdout!.once("data", (d) => resolve(Number(String(d).trim().split("\n")[0])));
    server.once("exit", (code) => reject(new Error(`${args.join(" ")} exited with ${code}: ${err}`)));
  });
  return { server, port };
}

/** Stops a server started above, waiting for it to exit. */
export async function stopServer(server: ChildProcess | undefined): Promise<void> {
  if (server && server.exitCode === null) await new Promise((resolve) => server.once("exit", resolve).kill());
}
