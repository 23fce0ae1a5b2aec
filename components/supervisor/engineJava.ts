/**
 * The JMX client run in the controller image's own JVM (jmxClient.ts says why): the class files
 * (clientClasses.ts) and the supervisor's copy of the password are put into a fresh container of that
 * image, which runs on the controllers' network (docker) or the host's (aws).
 */
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { CLIENT_CLASSES } from "./clientClasses";
import type { DockerEngine } from "./dockerEngine";
import type { JavaRunner } from "./jmxClient";
import type { SupervisorRuntimeConfig } from "./runtimeConfig";

export function engineJava(engine: DockerEngine, cfg: SupervisorRuntimeConfig): JavaRunner {
  return async (args) => {
    const files = [
      ...Object.entries(CLIENT_CLASSES).map(([path, b64]) => ({ path, content: gunzipSync(Buffer.from(b64, "base64")) })),
      { path: "jmx.password", content: readFileSync(cfg.jmx.passwordFile), mode: 0o600 },
    ];
    return engine.runOnce({
      image: cfg.jmx.image,
      cmd: ["java", "-Dow.jmx.timeoutSeconds=5", "-Dsun.rmi.transport.tcp.responseTimeout=5000", "-cp", "/tmp/ow-jmx", "ClusterJmxClient", ...args],
      env: ["JMX_PASSWORD_FILE=/tmp/ow-jmx/jmx.password"],
      network: cfg.jmx.network,
      files,
      dir: "/tmp/ow-jmx",
      timeoutMs: 60_000,
    });
  };
}

