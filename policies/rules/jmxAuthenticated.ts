import type { OpenWhiskPolicy } from "../policy";
import { managementEndpoints } from "../model/clusterSettings";

/**
 * JMX remote without authentication lets anyone who reaches the port down cluster members (and run
 * any MBean operation in the JVM). Upstream renders it with authentication on (ansible/group_vars/all
 * jmx.jvmCommonArgs: authenticate=true, password and access files); so must every stack.
 */
export const jmxAuthenticated: OpenWhiskPolicy = {
  name: "jmx-authenticated",
  description: "A controller or invoker that enables JMX remote (-Dcom.sun.management.jmxremote.port) keeps authentication on (not -Dcom.sun.management.jmxremote.authenticate=false).",
  enforcementLevel: "mandatory",
  check(model, _config, report) {
    for (const node of model.nodes) {
      if (node.env.unknownAll) continue;
      for (const e of managementEndpoints(node)) {
        if (e.via !== "jmx" || e.authenticate !== false) continue;
        report(`${node.role === "controller" ? "Controller" : "Invoker"} ${node.name} serves JMX remote on port ${e.port} (${e.source}) with authentication off: whoever reaches the port can down cluster members and invoke any MBean operation. Fix: -Dcom.sun.management.jmxremote.authenticate=true with password and access files (upstream's default; openwhisk:controllers.downing with via: jmx renders it).`, node.resource.urn);
      }
    }
  },
};
