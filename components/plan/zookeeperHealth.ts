/**
 * ZooKeeper's health check: a command the deployed ZooKeeper answers, run inside its own image.
 *
 * ZooKeeper 3.5 and later answer only the four-letter words named in `4lw.commands.whitelist`, and
 * with no whitelist that is `srvr` alone (apache/zookeeper
 * zookeeper-server/src/main/java/org/apache/zookeeper/server/command/FourLetterCommands.java; the
 * server logs "The list of enabled four letter word commands is : [[srvr]]"). A check on `ruok` gets "ruok is not executed because it is not in
 * the whitelist." and never turns healthy; the official image writes a whitelist only when
 * ZOO_4LW_COMMANDS_WHITELIST is set (the image's docker-entrypoint.sh, github.com/31z4/zookeeper-docker).
 *
 * `srvr` answers `Mode: standalone|leader|follower` only while the server serves; a server that is not
 * serving (no quorum) answers "This ZooKeeper instance is not currently serving requests" instead.
 *
 * The command needs nothing but bash: the official image is built from eclipse-temurin (Ubuntu) and
 * its entrypoint is a bash script, so bash is there, while a netcat package is not something every
 * ZooKeeper image carries (images based on other JREs leave it out). bash's own /dev/tcp connects;
 * `grep` (coreutils/grep are in every Debian/Ubuntu base) reads the answer until ZooKeeper closes it.
 * Docker runs a CMD-SHELL test as `/bin/sh -c <string>`, and the aws launcher passes the same string
 * to `docker run --health-cmd`, so it is one shell string that calls bash.
 */
import { SERVICE_PORTS } from "./serviceEndpoints";

/** The four-letter word every ZooKeeper since 3.5 answers without a whitelist. */
export const ZOOKEEPER_HEALTH_WORD = "srvr";

/** The health check's shell string (Docker CMD-SHELL; `docker run --health-cmd` on aws). */
export const ZOOKEEPER_HEALTH_COMMAND =
  `bash -c 'exec 3<>/dev/tcp/127.0.0.1/${SERVICE_PORTS.zookeeper} && printf ${ZOOKEEPER_HEALTH_WORD} >&3 && grep -q "^Mode: " <&3'`;
