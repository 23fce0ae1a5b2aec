/**
 * The host's Docker Engine, as the invoker's own docker CLI needs it. Each invoker image drives the
 * host engine with the CLI it carries (builds.ts invokerDockerCli: 1.12.0 / 18.06.3-ce / 23.0.6, Engine
 * API 1.24 / 1.38 / 1.42). An engine refuses a client whose API version is below its minimum: Docker
 * Engine 25 to 28 accept 1.24 and later, Engine 29 raised the minimum to 1.44 (its release notes), and
 * `DOCKER_MIN_API_VERSION` in the daemon's environment lowers it again. Engines before 25 know no such
 * variable and ignore it; they accept all three CLIs.
 *
 * aws hosts install the distribution's `docker` package, whatever version it is at boot, so every
 * invoker host configures its engine: a systemd drop-in for docker.service, written before the package
 * is installed and started, sets DOCKER_MIN_API_VERSION to the build's CLI API version. The policy
 * `invoker-docker-api` reads it back from the user data.
 */
import type { Flavor } from "../config/flavorNames";
import { BUILDS } from "./builds";

export const DOCKER_MIN_API_DROP_IN = "/etc/systemd/system/docker.service.d/openwhisk-min-api.conf";

/** The lowest Engine API version an engine of this major version accepts without DOCKER_MIN_API_VERSION. */
export function engineDefaultMinApi(engineMajor: number): string {
  if (engineMajor >= 29) return "1.44";
  if (engineMajor >= 25) return "1.24";
  return "1.12";
}

/** Compares two API versions (`1.24` < `1.4` is false: numeric per part). */
export function compareApiVersions(a: string, b: string): number {
  const [am, an] = a.split(".").map(Number);
  const [bm, bn] = b.split(".").map(Number);
  return am !== bm ? am - bm : an - bn;
}

/** The engine setting an invoker host of this build needs. */
export function invokerEngineMinApi(flavor: Flavor): string {
  return BUILDS[flavor].invokerDockerCli.apiVersion;
}

/** The drop-in's text: docker.service gets the build's CLI API version as its minimum. */
export function dockerMinApiDropIn(apiVersion: string): string {
  if (!/^1\.\d{1,2}$/.test(apiVersion)) throw new Error(`not a Docker Engine API version: ${JSON.stringify(apiVersion)}`);
  return [
    "# Written by openwhisk-static-cluster: the invoker image's docker CLI speaks Engine API " + apiVersion + ";",
    "# Docker Engine 29 and later refuse clients below 1.44 unless DOCKER_MIN_API_VERSION lowers the minimum.",
    "[Service]",
    `Environment=DOCKER_MIN_API_VERSION=${apiVersion}`,
    "",
  ].join("\n");
}
