/** Renders every node of a stack from a validated config: core services, the database init, controllers, invokers, in start order. */
import type { StackConfig } from "../config/schema";
import type { RenderedStack } from "./containerSpec";
import { renderController } from "./renderController";
import { renderCoreServices } from "./renderCoreServices";
import { renderDatabaseInit } from "./databaseInit";
import { needsKafkaTopicsJob, renderKafkaTopics } from "./kafkaTopics";
import { renderInvoker } from "./renderInvoker";
import { renderSupervisor } from "./renderSupervisor";
import { planSeedAddresses, StaticAddress } from "./seedAddresses";
import { planServiceEndpoints } from "./serviceEndpoints";

export interface RenderStackOptions {
  /** Static addresses as the StaticSeedAddresses component resolved them; default: planned from config. */
  addresses?: StaticAddress[];
}

export function renderStack(config: StackConfig, stack: string, options: RenderStackOptions = {}): RenderedStack {
  const addresses = options.addresses ?? planSeedAddresses(config);
  const endpoints = planServiceEndpoints(config);
  const aws = config.target === "aws";
  const core = renderCoreServices({ config, addresses, endpoints, edgePort: aws ? 80 : config.docker!.edgePort });
  const controllers = addresses.map((_, index) =>
    renderController({ config, stack, addresses, index, endpoints, publishRemoting: aws }),
  );
  const invokers = Array.from({ length: config.invokers.count }, (_, index) =>
    renderInvoker({ config, stack, index, endpoints, dockerRootDir: aws ? "/var/lib/docker" : config.docker!.dockerRootDir }),
  );
  // The init job runs once before the controllers: in the core's place on docker, on every controller host on aws.
  // legacy-2017's Kafka topics: each controller and invoker gets a job that creates its topics first (kafkaTopics.ts).
  const withTopics = (nodes: typeof controllers) =>
    nodes.flatMap((n) => (needsKafkaTopicsJob(config) ? [renderKafkaTopics(config, endpoints, { kind: n.role as "controller" | "invoker", index: n.index!, name: n.name }), n] : [n]));
  // The downing supervisor (manual downing): it runs before the controllers, which need it to form the cluster.
  const supervisor = renderSupervisor(config, stack, addresses);
  return { stack, nodes: [...core, renderDatabaseInit(config, endpoints), ...(supervisor ? [supervisor] : []), ...withTopics(controllers), ...withTopics(invokers)] };
}
