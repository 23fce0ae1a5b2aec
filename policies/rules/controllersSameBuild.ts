import type { OpenWhiskPolicy } from "../policy";
import { clusterLabel } from "../model/clusters";
import { controllerBuild } from "../model/controllerBuild";

/**
 * Controllers of one cluster run one build: an Akka 2.5 node, an Akka 2.6 node and a Pekko node speak
 * different remoting protocols (akka.tcp, akka, pekko) and cluster formats and never form one cluster,
 * and two builds of one flavour differ in what they share through the cluster (the balancer's state).
 */
export const controllersSameBuild: OpenWhiskPolicy = {
  name: "controllers-same-build",
  description: "All controllers of one cluster run the same build: the same flavour (legacy-2017, akka-2.5, akka-2.6, pekko) and the same image build where the images say (2.0.0 beside nightly, Akka 2.6 beside Pekko never form one cluster).",
  enforcementLevel: "mandatory",
  check(model, _config, report) {
    for (const cluster of model.clusters) {
      if (cluster.length < 2) continue;
      const builds = cluster.map((n) => ({ node: n, ...controllerBuild(n) }));
      const flavors = new Set(builds.map((b) => b.flavor).filter((f) => f !== undefined));
      const tags = new Set(builds.map((b) => b.tag).filter((t) => t !== undefined));
      // A digest names an image by content, a tag by name: one digest beside a tag may be the same image
      // (`controller@sha256:...` pulled from `controller:1fae641`), so they are compared only with their own kind.
      const comparable = new Set([...tags].map((t) => t.startsWith("sha256:"))).size <= 1;
      if (flavors.size <= 1 && (tags.size <= 1 || !comparable)) continue;
      const what = builds.map((b) => `${b.node.name}: ${[b.flavor, b.image].filter(Boolean).join(", ") || "unknown"}`).join("; ");
      report(`${clusterLabel(cluster)} mixes builds (${what}); controllers of different builds never form one cluster. Fix: run one image (one build) on every controller of the cluster, and roll a new build out one controller at a time only between compatible builds.`, cluster[0].resource.urn);
    }
  },
};
