/**
 * JMX remote for manual downing (docs/builds.md#controller-cluster-keys-per-build): the supervisor calls `down(address)` on the cluster MBean
 * (`akka:type=Cluster`, `pekko:type=Cluster`). Rendered as upstream does (ansible/group_vars/all
 * `jmx.jvmCommonArgs`, roles/controller/tasks/deploy.yml): authentication on, password and access
 * files, fixed JMX and RMI ports, `java.rmi.server.hostname` = the controller's static address. The
 * password never appears in env or user data: it is a file made from the stack secret `jmxPassword`.
 */
import type { Flavor } from "../config/flavorNames";
import type { FileSpec } from "./containerSpec";

/** Where the component puts the two files in the container (docker upload / aws read-only mount). */
export const JMX_STAGING_DIR = "/run/openwhisk-jmx";
/**
 * Where the JVM reads them: 1.0.0 and later images' copyJMXFiles.sh (run by init.sh) moves
 * /conf/jmxremote.* there and makes them mode 600; on legacy-2017 (no init.sh) the command does it.
 */
export const JMX_FILES_DIR = "/home/owuser";

export function jmxOpts(host: string, port: number): string {
  return [
    "-Dcom.sun.management.jmxremote",
    `-Dcom.sun.management.jmxremote.port=${port}`,
    `-Dcom.sun.management.jmxremote.rmi.port=${port + 1}`,
    "-Dcom.sun.management.jmxremote.ssl=false",
    "-Dcom.sun.management.jmxremote.local.only=false",
    "-Dcom.sun.management.jmxremote.authenticate=true",
    `-Dcom.sun.management.jmxremote.password.file=${JMX_FILES_DIR}/jmxremote.password`,
    `-Dcom.sun.management.jmxremote.access.file=${JMX_FILES_DIR}/jmxremote.access`,
    `-Djava.rmi.server.hostname=${host}`,
  ].join(" ");
}

/** The password file (from the secret) and the access file: the user may call operations (readwrite). */
export function jmxFiles(user: string): FileSpec[] {
  return [
    { containerPath: `${JMX_STAGING_DIR}/jmxremote.password`, content: { secret: "jmxPassword", before: `${user} `, after: "\n" }, mode: "0600" },
    { containerPath: `${JMX_STAGING_DIR}/jmxremote.access`, content: `${user} readwrite\n`, mode: "0600" },
  ];
}

/** Shell run before the controller starts, every time it starts: puts the files where the build reads them. */
export function jmxPrelude(flavor: Flavor): string {
  const files = `${JMX_STAGING_DIR}/jmxremote.password ${JMX_STAGING_DIR}/jmxremote.access`;
  return flavor === "legacy-2017"
    ? `mkdir -p ${JMX_FILES_DIR} && cp ${files} ${JMX_FILES_DIR}/ && chmod 600 ${JMX_FILES_DIR}/jmxremote.password ${JMX_FILES_DIR}/jmxremote.access && `
    : `mkdir -p /conf && cp ${files} /conf/ && `;
}
