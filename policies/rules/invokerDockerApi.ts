import type { OpenWhiskPolicy } from "../policy";
import { BUILDS } from "../../components/plan/builds";
import { compareApiVersions, engineDefaultMinApi } from "../../components/plan/dockerEngine";

/** `DOCKER_MIN_API_VERSION=<v>` given to the engine (a systemd Environment= line, an env file, daemon env). */
const MIN_API = /DOCKER_MIN_API_VERSION=["']?(1\.\d{1,2})\b/;
/** A pinned engine package: `docker-ce=5:28.5.1...`, `docker-ce-28.5.1`, `docker-25.0.8-1.amzn2023...`, `docker.io=26.1.5...`. */
const PINNED_ENGINE = /\bdocker(?:-ce|\.io)?[=-](?:\d+:)?(\d{2})\.\d+/;

/**
 * The engine an invoker's host runs must accept the API version of the docker CLI inside the invoker
 * image (1.24 / 1.38 / 1.42 by build: core/invoker/Dockerfile's DOCKER_VERSION at febde0042, 1.0.0,
 * 2.0.0, 1fae641); Docker Engine 29 refuses anything below 1.44 unless DOCKER_MIN_API_VERSION lowers it.
 */
export const invokerDockerApi: OpenWhiskPolicy = {
  name: "invoker-docker-api",
  description:
    "An invoker host whose Docker Engine is pinned or configured accepts the Engine API version of the docker CLI inside the invoker image (legacy-2017: 1.24, akka-2.5: 1.38, akka-2.6 and pekko: 1.42): the host pins an engine release that does, or sets DOCKER_MIN_API_VERSION no higher than that (Docker Engine 29 refuses clients below 1.44 by default, and no action container would ever start).",
  enforcementLevel: "mandatory",
  check(model, _config, report) {
    for (const node of model.invokers) {
      // Containers on a docker target run on the deploying machine's engine, which the stack does not describe.
      if (node.platform !== "aws" || !node.flavor || node.env.unknownAll || node.env.text === undefined) continue;
      const cli = BUILDS[node.flavor].invokerDockerCli;
      const configured = MIN_API.exec(node.env.text)?.[1];
      const pinned = PINNED_ENGINE.exec(node.env.text)?.[1];
      const minimum = configured ?? (pinned !== undefined ? engineDefaultMinApi(Number(pinned)) : undefined);
      const why = `the ${node.flavor} invoker image drives the host engine with its own docker CLI ${cli.version} (Engine API ${cli.apiVersion})`;
      if (minimum !== undefined && compareApiVersions(minimum, cli.apiVersion) > 0) {
        report(`Invoker host ${node.name}'s Docker Engine accepts API ${minimum} and later (${configured ? "DOCKER_MIN_API_VERSION" : `engine ${pinned}`}), but ${why}: every action start would be refused. Fix: DOCKER_MIN_API_VERSION=${cli.apiVersion}, or an engine release that still accepts it.`, node.resource.urn);
      }
    }
  },
};

/** An invoker host that neither pins its engine nor sets DOCKER_MIN_API_VERSION runs whatever engine it gets. */
export const invokerDockerEngineUnpinned: OpenWhiskPolicy = {
  name: "invoker-docker-engine-unpinned",
  description:
    "An invoker host pins its Docker Engine or sets DOCKER_MIN_API_VERSION to the invoker image's docker CLI API version: an unpinned engine that turns out to be Docker Engine 29 or later refuses that CLI, and no action container starts.",
  enforcementLevel: "advisory",
  check(model, _config, report) {
    for (const node of model.invokers) {
      if (node.platform !== "aws" || !node.flavor || node.env.unknownAll || node.env.text === undefined) continue;
      if (MIN_API.test(node.env.text) || PINNED_ENGINE.test(node.env.text)) continue;
      const cli = BUILDS[node.flavor].invokerDockerCli;
      report(`Invoker host ${node.name} installs an unpinned Docker Engine and does not set DOCKER_MIN_API_VERSION, but the ${node.flavor} invoker image drives it with docker CLI ${cli.version} (Engine API ${cli.apiVersion}): Docker Engine 29 and later refuse API versions below 1.44. Fix: set DOCKER_MIN_API_VERSION=${cli.apiVersion} for the engine (a docker.service drop-in), or pin an engine release before 29.`, node.resource.urn);
    }
  },
};
