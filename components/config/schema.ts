/**
 * The stack configuration contract, namespace `openwhisk`. Every key here is documented in the README's
 * config reference; the names are relied on by other tools, so extend, never rename.
 *
 * Cross-field rules (seeds <= count, addresses inside the subnet, ...) live in `validate.ts`, which
 * reports them with the same key-naming errors.
 */
import { z } from "zod";
import { DURATION_EXPECTED, parseDuration } from "./durations";
import { isIpv4, parseCidr } from "./ipv4";
import { DEFAULT_MINIMUM_PREFIX, parseAnyCidr } from "./cidr";
import { AUTH_KEY_EXPECTED, AUTH_KEY_PATTERN, publishedAuthKeySource } from "./authKeys";

import { FLAVORS, type Flavor } from "./flavorNames";

export { FLAVORS, type Flavor };

/**
 * Split-brain resolver strategies of Akka 2.6 / Pekko (`active-strategy`); anything else throws
 * "Unknown downing strategy" at startup (SplitBrainResolverSettings.scala, docs/builds.md#split-brain-resolver-akka-26-pekko). There is no
 * keep-referee: it existed only in the old commercial resolver.
 */
export const SBR_STRATEGIES = ["keep-majority", "lease-majority", "static-quorum", "keep-oldest", "down-all"] as const;
export type SbrStrategy = (typeof SBR_STRATEGIES)[number];

const intIn = (min: number, max: number, what = "an integer") =>
  z
    .number({ error: `expected ${what} from ${min} to ${max}` })
    .int({ error: `expected ${what} from ${min} to ${max}` })
    .min(min, { error: `expected ${what} from ${min} to ${max}` })
    .max(max, { error: `expected ${what} from ${min} to ${max}` });

const port = () => intIn(1, 65535, "a fixed port number (an integer)");

/** A string matching `pattern`, with one message for every way it can be wrong. */
const grammar = (pattern: RegExp, what: string) => z.string({ error: `expected ${what}` }).regex(pattern, { error: `expected ${what}` });

/**
 * Docker's image reference grammar (distribution/reference): [domain[:port]/]path[:tag][@digest], path
 * components lowercase. Nothing else can reach a `docker run` argument list or an image file.
 */
/** Docker caps a repository name at 255 characters; with a tag (128) and a sha256 digest (71) a reference stays under 512. */
const MAX_IMAGE_REFERENCE = 512;
/** A DNS name's longest text form (RFC 1035: 255 octets on the wire). */
const MAX_DNS_NAME = 253;
/** The most entries of any list of addresses, blocks or endpoints. */
export const MAX_LIST = 64;
const IMAGE_REFERENCE =
  /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*(?::[0-9]{1,5})?\/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(?:@[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,})?$/;
const image = (what: string) => grammar(IMAGE_REFERENCE, `${what} (Docker's image reference grammar: [registry[:port]/]name[:tag][@digest], no spaces)`)
  .max(MAX_IMAGE_REFERENCE, { error: `expected ${what} of at most ${MAX_IMAGE_REFERENCE} characters` });

/** An absolute host path: letters, digits, `. _ - /`, no `..` segment, no spaces. */
const hostPath = () =>
  z.string({ error: "expected an absolute path such as /var/lib/docker (letters, digits, . _ - /)" })
    .regex(/^\/(?!.*(^|\/)\.\.(\/|$))[A-Za-z0-9._/-]*$/, { error: "expected an absolute path such as /var/lib/docker (letters, digits, . _ - /; no '..', no spaces)" })
    .max(255, { error: "expected an absolute path of at most 255 characters" });

/** A host name or IPv4 address. */
const HOST = "(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*";
const hostName = (what: string) => grammar(new RegExp(`^${HOST}$`), `${what}: a host name or IPv4 address`).max(MAX_DNS_NAME, { error: `expected ${what}: a host name of at most ${MAX_DNS_NAME} characters` });
const hostAndPort = () => grammar(new RegExp(`^${HOST}:(?:[1-9][0-9]{0,3}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5])$`), "host:port, e.g. kafka.internal:9092")
  .max(MAX_DNS_NAME + 6, { error: `expected host:port with a host name of at most ${MAX_DNS_NAME} characters` });

/**
 * The alphabet of user-given passwords: letters, digits and `. _ ~ + = -`, 16 to 128 characters.
 * Every 1.0.0+ image runs its `CONFIG_*` values through shell before the JVM starts:
 * common/scala/transformEnvironment.sh (1.0.0, 2.0.0, master) dereferences a value starting with `$`
 * and emits `-D<key>='<value>'` unescaped into CONTROLLER_OPTS / INVOKER_OPTS (core/controller/init.sh, core/invoker/init.sh), and the
 * Gradle start script (bin/controller, bin/invoker) evaluates those options (`eval set -- ...
 * $CONTROLLER_OPTS`), so a `'` ends the quoting and `$(...)`, backquotes, spaces, globs and `;` then run
 * or split as shell. None of these characters does anything there, in a docker env file, in
 * jmxremote.password (`user password`), in a HOCON string or in a URL's user info.
 */
export const SECRET_ALPHABET = /^[A-Za-z0-9._~+=-]{16,128}$/;

/** Passwords upstream publishes as defaults: a deployment with one of them has none. */
export const PUBLISHED_PASSWORDS: ReadonlyMap<string, string> = new Map([
  ["some_passw0rd", "upstream's published CouchDB default (ansible/templates/db_local.ini.j2, user whisk_admin)"],
  ["jmxpass", "upstream's published JMX default (ansible/group_vars/all jmx.pass, user jmxuser, 1.0.0 and later)"],
]);

const SECRET_EXPECTED = "a password of 16 to 128 characters from letters, digits and . _ ~ + = - (the images' start scripts evaluate other characters as shell)";

/** The passwords (the secrets that are not auth keys). */
export const PASSWORD_KEYS = ["couchdbPassword", "couchdbControllerPassword", "couchdbInvokerPassword", "controllerPassword", "invokerPassword", "jmxPassword"] as const;

/** What is wrong with a user-given password ("expected ..."), or undefined; never quotes the value. */
export function passwordProblem(value: string): string | undefined {
  const published = PUBLISHED_PASSWORDS.get(value) ?? PUBLISHED_PASSWORDS.get(value.toLowerCase());
  if (published) return `expected a password of your own, not ${published}`;
  if (!SECRET_ALPHABET.test(value)) return `expected ${SECRET_EXPECTED}`;
  return undefined;
}

/** A user-given password (a secret: its value is never echoed). */
const secretText = () =>
  z.string({ error: `expected ${SECRET_EXPECTED}` }).superRefine((v, ctx) => {
    const problem = passwordProblem(v);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

const duration = () =>
  z.string({ error: `expected ${DURATION_EXPECTED}` }).refine((v) => parseDuration(v) !== undefined, {
    error: `expected ${DURATION_EXPECTED}`,
  });

const ipv4 = () => z.string({ error: "expected an IPv4 address such as 10.0.1.10" }).refine(isIpv4, { error: "expected an IPv4 address such as 10.0.1.10" });

const cidr = () =>
  z
    .string({ error: "expected an IPv4 CIDR block such as 10.0.1.0/24 (the network address, then the prefix)" })
    .max(18, { error: "expected an IPv4 CIDR block such as 10.0.1.0/24 (the network address, then the prefix)" })
    .refine((v) => parseCidr(v) !== undefined, { error: "expected an IPv4 CIDR block such as 10.0.1.0/24 (the network address, then the prefix)" });

/** An IPv4 or IPv6 CIDR block (network address, then prefix); used for allow-lists. */
const allowCidr = () =>
  z
    .string({ error: "expected a CIDR block such as 10.0.0.0/8 or 2001:db8::/32" })
    .max(64, { error: "expected an IPv4 or IPv6 CIDR block of at most 64 characters" })
    .refine((v) => parseAnyCidr(v) !== undefined, { error: "expected an IPv4 or IPv6 CIDR block such as 10.0.0.0/8 or 2001:db8::/32 (the network address, then a prefix of at most 32 / 128)" });

/** An OpenWhisk auth key, `<uuid>:<64 letters or digits>`, never one of upstream's published keys (authKeys.ts). */
const authKey = () =>
  z
    .string({ error: `expected ${AUTH_KEY_EXPECTED}` })
    .regex(AUTH_KEY_PATTERN, { error: `expected ${AUTH_KEY_EXPECTED}` })
    .refine((v) => publishedAuthKeySource(v) === undefined, {
      error: (issue) =>
        `expected a key of your own: this is upstream's published key (apache/openwhisk ${publishedAuthKeySource(String(issue.input))}), readable by anyone; generate one (leave the key unset) or set a new <uuid>:<64 letters or digits>`,
    });

const memory = () =>
  z.string({ error: "expected a memory size such as 2048m or 4g" }).regex(/^[1-9]\d*[mg]$/, { error: "expected a memory size such as 2048m or 4g" });

/** A DNS label (one part of a name), as used for controller names and aliases. */
const dnsLabel = () =>
  z
    .string({ error: "expected a DNS label: lowercase letters, digits and '-', 1 to 63 characters" })
    .regex(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/, { error: "expected a DNS label: lowercase letters, digits and '-', 1 to 63 characters" });

const dnsName = () =>
  z
    .string({ error: "expected a DNS name such as openwhisk.internal" })
    .regex(/^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/, { error: "expected a DNS name such as openwhisk.internal" })
    .max(MAX_DNS_NAME, { error: `expected a DNS name of at most ${MAX_DNS_NAME} characters` });

const BUILD_TEXT = /^[A-Za-z0-9][A-Za-z0-9._:+-]{0,63}$/;

export const releaseSchema = z.strictObject({
  /** Which OpenWhisk build the images are: decides every cluster and runc key that is rendered. */
  flavor: z.enum(FLAVORS, { error: `expected one of ${FLAVORS.join(", ")}` }),
  controllerImage: image("a controller image reference such as openwhisk/controller:2.0.0"),
  invokerImage: image("an invoker image reference such as openwhisk/invoker:2.0.0"),
  /**
   * whisk.info.buildNo (WHISK_VERSION_BUILDNO on legacy-2017), required by every controller at startup.
   * Default: the controller image's tag, as upstream's ansible renders it.
   */
  buildNo: z.string({ error: "expected a build number such as 2.0.0 (letters, digits, . _ : + -)" })
    .regex(BUILD_TEXT, { error: "expected a build number such as 2.0.0 (letters, digits, . _ : + -; 1 to 64 characters)" }).optional(),
  /** whisk.info.date (WHISK_VERSION_DATE). Default: the date of the build the flavour names (deterministic). */
  date: z.string({ error: "expected a build date such as 2024-03-27T01:05:29Z" })
    .regex(BUILD_TEXT, { error: "expected a build date such as 2024-03-27T01:05:29Z (letters, digits, . _ : + -)" }).optional(),
  /** Git ref (tag or commit) of apache/openwhisk whose ansible/files/ design documents the databases get. Default: the flavour's. */
  sourceRef: z.string({ error: "expected a git tag or commit such as 2.0.0" })
    .regex(/^(?!.*\.\.)[A-Za-z0-9][A-Za-z0-9._/-]{0,99}$/, { error: "expected a git tag or commit such as 2.0.0 (letters, digits, . _ / -, no '..')" }).optional(),
  /** Where `<sourceRef>/ansible/files/*.json` are fetched from (https only, no redirects followed); point it at a mirror when air-gapped. */
  sourceBaseUrl: z.string({ error: "expected an https URL such as https://mirror.internal/openwhisk" })
    .regex(/^https:\/\/[A-Za-z0-9.-]+(:[0-9]{1,5})?(\/[A-Za-z0-9._~%+\/-]*)?$/, { error: "expected an https URL such as https://mirror.internal/openwhisk (https only; no spaces, quotes or query)" })
    .max(512, { error: "expected an https URL of at most 512 characters" })
    .optional(),
  /**
   * SHA-256 sums of the design documents (`ansible/files/<name>.json` -> 64 hex digits) for a sourceRef this
   * project ships no sums for; the init job refuses a document whose sum differs.
   */
  designDocumentSums: z.record(
    z.string().regex(/^ansible\/files\/[A-Za-z0-9._-]+\.json$/, { error: "expected a path ansible/files/<name>.json" }),
    z.string().regex(/^[0-9a-f]{64}$/, { error: "expected a SHA-256 sum: 64 lowercase hex digits" }),
    { error: "expected { ansible/files/<name>.json: <sha256> }" },
  ).optional(),
});

const autoDowning = z.strictObject({
  mode: z.literal("auto"),
  /** Akka 2.5: auto-down-unreachable-after. Akka 2.6 / Pekko: the split-brain resolver's stable-after. */
  after: duration(),
  /** Split-brain resolver strategy (akka-2.6, pekko only). Default keep-majority. */
  strategy: z.enum(SBR_STRATEGIES, { error: `expected one of ${SBR_STRATEGIES.join(", ")} (the split-brain resolver has no other; keep-referee was only in the old commercial resolver)` }).optional(),
  /** static-quorum only: split-brain-resolver.static-quorum.quorum-size (more than half of controllers.count, at most the count). */
  quorumSize: intIn(1, 64, "a quorum size (an integer)").optional(),
  /** lease-majority only: the config path of a lease implementation on the controllers' classpath (none ships with OpenWhisk). */
  leaseImplementation: z.string({ error: "expected a lease implementation config path such as akka.coordination.lease.kubernetes" })
    .regex(/^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$/, { error: "expected a lease implementation config path such as akka.coordination.lease.kubernetes" }).optional(),
  /** Why a risky strategy (keep-oldest, down-all) was chosen; the policy pack asks for it. */
  comment: grammar(/^[^\x00-\x1f\x7f]{1,256}$/, "a comment of 1 to 256 characters on one line (no control characters)").optional(),
  /** Accepted only to be refused by name (validate.ts): the supervisor exists for manual downing only. */
  supervisor: z.unknown().optional(),
});

/** A duration from `min` to `max` (milliseconds), with one message naming the range. */
const durationIn = (minMs: number, maxMs: number, range: string) =>
  z.string({ error: `expected a duration from ${range}, such as 5s` }).refine((v) => {
    const d = parseDuration(v);
    return d !== undefined && d.ms >= minMs && d.ms <= maxMs;
  }, { error: `expected a duration from ${range} (${DURATION_EXPECTED})` });

/**
 * The external downing supervisor (manual downing only): reads every controller's cluster view over
 * authenticated JMX, fences an unreachable controller (stops its container / instance) and only then
 * downs it through a reachable member; on a cold start it makes exactly one controller join itself.
 * Its rules are the split-brain resolver's (stable view, strict majority, never a majority downed).
 */
export const supervisorSchema = z.strictObject({
  /** Deploy the supervisor (default true with manual downing). false: an operator downs by hand (README runbook). */
  enabled: z.boolean({ error: "expected a YAML boolean: true or false" }).default(true),
  /** How long the view must stay the same before the supervisor acts (the split-brain resolver's stable-after; default 20s). */
  stableAfter: durationIn(5_000, 600_000, "5s to 10m").default("20s"),
  /** How often it reads every controller's view (default 5s). */
  interval: durationIn(1_000, 60_000, "1s to 60s").default("5s"),
  /** How long stopping an unreachable controller may take before the fence counts as failed (no down follows). */
  fenceTimeout: durationIn(5_000, 600_000, "5s to 10m").default("2m"),
  /** How long a restarted controller has to show up as Up again before the supervisor reports it (default 5m). */
  rejoinTimeout: durationIn(10_000, 3_600_000, "10s to 1h").default("5m"),
  /**
   * The image the supervisor's Node.js runs in (it reaches the engine through the docker socket; its JMX
   * client runs in the controller image's own JVM). Default per target (plan/renderSupervisor.ts
   * SUPERVISOR_IMAGES): docker node:20-alpine; aws public.ecr.aws/lambda/nodejs:22, which carries the AWS
   * SDK for JavaScript v3 the aws program needs. On aws the container runs `node` from the PATH (the image's
   * ENTRYPOINT replaced) with NODE_PATH=/var/runtime/node_modules, so an override needs Node.js 20+ and
   * @aws-sdk/client-ec2 and @aws-sdk/client-ssm in /var/runtime/node_modules, /opt/node_modules or /node_modules.
   */
  image: image("an image with Node.js 20 or later, such as node:20-alpine").optional(),
});

const manualDowning = z.strictObject({
  mode: z.literal("manual"),
  /**
   * How the external supervisor reaches the controllers: JMX remote (the cluster MBean). `http` is
   * refused with an explanation: stock images never serve cluster HTTP management with static seeds.
   */
  via: z.enum(["http", "jmx"], { error: "expected jmx" }),
  /** The JMX port; the RMI port is port + 1. Both fixed, both reachable only from allowedCidrs. */
  port: port(),
  /** Who may reach the JMX and RMI ports. */
  allowedCidrs: z.array(allowCidr(), { error: "expected a list of CIDR blocks" }).min(1, { error: "expected at least one CIDR block" }).max(MAX_LIST, { error: `expected at most ${MAX_LIST} CIDR blocks` }),
  /** The JMX user (jmxremote.access: readwrite, needed for the MBean's down operation); its password is the secret openwhisk:jmxPassword. */
  user: z.string({ error: "expected a JMX user name" }).regex(/^[A-Za-z][A-Za-z0-9_.-]{0,31}$/, { error: "expected a JMX user name (letters, digits, _ . -)" }).default("jmxuser"),
  /** The external downing supervisor; on by default. */
  supervisor: supervisorSchema.prefault({}),
});

export const downingSchema = z.discriminatedUnion("mode", [autoDowning, manualDowning], {
  error: 'expected { mode: "auto", after, strategy? } or { mode: "manual", via, port, allowedCidrs }',
});

export const controllersSchema = z.strictObject({
  count: intIn(1, 64, "a controller count (an integer)"),
  /** How many controllers, the first ones, are seed nodes. */
  seeds: intIn(1, 64, "a seed count (an integer)"),
  /** The remoting (cluster) port every controller binds and advertises. Never 0. */
  remotingPort: port(),
  downing: downingSchema,
  /** Seeds and canonical hostnames by static DNS name (default) or by static IP. */
  addressing: z.enum(["dns", "ip"], { error: "expected dns or ip" }).default("dns"),
  /** Controller names (DNS labels); default controller0..N-1. */
  names: z.array(dnsLabel(), { error: "expected a list of DNS labels, one per controller" }).max(MAX_LIST, { error: `expected at most ${MAX_LIST} names` }).optional(),
  /** JVM heap, -Xmx. */
  heap: memory().default("2g"),
  /** Host port of controller 0's HTTP API; controller i uses apiPortBase + i (upstream: 10001). */
  apiPortBase: port().default(10001),
  /**
   * aws roll-outs: how long to wait for a replaced controller to answer /ping and join the cluster before
   * the next one is touched (the gate fails, naming it, and the roll-out stops).
   */
  readyTimeout: duration().default("15m"),
});

/**
 * The most invokers one stack may have: the offline check of a stack this size must stay within 30 s and
 * 1.5 GiB on a 2-core CI machine (measured by `npm run bench`: 2048 invokers about 12 s and 1.1 GiB;
 * 4096 would need about 2 GiB). Larger fleets: split them over stacks.
 */
export const MAX_INVOKERS = 2048;

export const invokersSchema = z.strictObject({
  count: intIn(1, MAX_INVOKERS, "an invoker count (an integer)"),
  /** Pause/unpause with docker-runc (true) or docker (false). A YAML boolean. */
  useRunc: z.boolean({ error: "expected a YAML boolean: true or false (not a string)" }),
  /** The runc versions on the host and inside the invoker image; must match when runc is on. */
  runc: z
    .strictObject({
      hostVersion: grammar(/^[0-9A-Za-z][0-9A-Za-z.+~_-]{0,63}$/, "the host's runc version, e.g. 1.1.12 (letters, digits, . + ~ _ -)").optional(),
      imageVersion: grammar(/^[0-9A-Za-z][0-9A-Za-z.+~_-]{0,63}$/, "the invoker image's runc version, e.g. 1.1.12 (letters, digits, . + ~ _ -)").optional(),
    })
    .optional(),
  /**
   * What the runc guard does when the engine's runc differs from the image's (or cannot be read) at invoker
   * start: `fallback` starts with runc off (and says why), `fail` refuses to start.
   */
  runcMismatch: z.enum(["fallback", "fail"], { error: "expected fallback or fail" }).default("fallback"),
  /** The host's runc state root, mounted at /run/runc when runc is on. */
  runcRoot: hostPath().default("/run/docker/runtime-runc/moby"),
  userMemory: memory().default("2048m"),
  heap: memory().default("2g"),
  apiPortBase: port().default(12001),
});

export const dockerSchema = z.strictObject({
  /** The user-defined bridge network every node joins. */
  networkName: dnsLabel().default("openwhisk"),
  subnet: cidr(),
  /** The network's gateway; default: first address of the subnet. */
  gateway: ipv4().optional(),
  /**
   * The dynamic pool (`ip_range`) inside the subnet: containers without a fixed address get theirs from
   * here only, so none can take a controller's; default: the upper half of the subnet. Controller
   * addresses must lie outside it.
   */
  ipRange: cidr().optional(),
  /** One fixed IPv4 per controller, in order. */
  controllerAddresses: z.array(ipv4(), { error: "expected a list of IPv4 addresses" }).max(MAX_LIST, { error: `expected at most ${MAX_LIST} addresses (one per controller)` }),
  /** Host port of the nginx edge (the API host for the wsk CLI). */
  edgePort: port().default(3233),
  /** Docker daemon's root dir on the host (its containers/ is mounted into invokers). */
  dockerRootDir: hostPath().default("/var/lib/docker"),
});

const subnetSchema = z.strictObject({
  cidr: cidr(),
  availabilityZone: grammar(/^[a-z]{2}(-[a-z]+)+-[0-9]{1,2}[a-z]$/, "an availability zone such as eu-west-1a"),
  /** An existing subnet's id; omit to create the subnet in the stack's VPC. */
  id: z.string().regex(/^subnet-[0-9a-f]+$/, { error: "expected a subnet id such as subnet-0abc123" }).optional(),
});

/** An SSM parameter name (a path). */
const ssmParameter = (what: string) => grammar(/^\/[A-Za-z0-9_.\-/]{1,1010}$/, `${what}: an SSM parameter name such as /openwhisk/prod/edge/tls-certificate`);

export const awsSchema = z.strictObject({
  region: grammar(/^[a-z]{2}(-[a-z]+)+-[0-9]{1,2}$/, "an AWS region such as eu-west-1"),
  /** An existing VPC id; omit to create a VPC with vpcCidr. */
  vpcId: z.string().regex(/^vpc-[0-9a-f]+$/, { error: "expected a VPC id such as vpc-0abc123" }).optional(),
  vpcCidr: cidr().optional(),
  /** Public subnets (route to an internet gateway): the seed controllers (Elastic IPs) and the NAT gateway. */
  subnets: z.array(subnetSchema).min(1, { error: "expected at least one subnet" }).max(MAX_LIST, { error: `expected at most ${MAX_LIST} subnets` }),
  /**
   * Private subnets (no public addresses; egress through the stack's NAT gateway): invokers, the core host
   * and controllers that are not seeds. With aws.vpcId, existing ones, routed to a NAT gateway or VPC endpoints.
   */
  privateSubnets: z.array(subnetSchema, { error: "expected a list of private subnets { cidr, availabilityZone, id? } for invokers, the core host and non-seed controllers" })
    .min(1, { error: "expected at least one private subnet (invokers, the core host and non-seed controllers get no public address)" })
    .max(MAX_LIST, { error: `expected at most ${MAX_LIST} private subnets` }),
  /** TLS on the edge: the API host name and the SSM SecureString parameters holding its PEM certificate chain and key. */
  edgeTls: z.strictObject({
    serverName: dnsName(),
    certificateParameter: ssmParameter("the PEM certificate chain"),
    keyParameter: ssmParameter("the PEM private key"),
  }, { error: "expected { serverName, certificateParameter, keyParameter }: the edge serves TLS with a certificate from SSM Parameter Store" }),
  /** One fixed private IPv4 per controller, each inside one of the subnets. */
  controllerAddresses: z.array(ipv4(), { error: "expected a list of IPv4 addresses" }).max(MAX_LIST, { error: `expected at most ${MAX_LIST} addresses (one per controller)` }),
  /** Fixed private IPv4 of the core host (ZooKeeper, Kafka, CouchDB, edge). */
  coreAddress: ipv4(),
  /** The Route53 private hosted zone created for the controllers' static names. */
  zoneName: dnsName(),
  /** Publish a public A record for each seed's Elastic IP in this existing public zone. */
  publicZone: z.strictObject({ zoneId: grammar(/^Z[A-Z0-9]{1,32}$/, "a Route53 zone id such as Z0123456789ABC"), name: dnsName() }).optional(),
  instanceTypes: z
    .strictObject({
      controller: grammar(/^[a-z][a-z0-9-]*\.[a-z0-9]+$/, "an EC2 instance type such as m6i.large").default("m6i.large"),
      invoker: grammar(/^[a-z][a-z0-9-]*\.[a-z0-9]+$/, "an EC2 instance type such as m6i.xlarge").default("m6i.xlarge"),
      core: grammar(/^[a-z][a-z0-9-]*\.[a-z0-9]+$/, "an EC2 instance type such as m6i.large").default("m6i.large"),
    })
    .prefault({}),
  /**
   * The AMI every host boots, pinned: changing it is a reviewed config change. Required in production.
   * Without it the region's newest Amazon Linux 2023 is looked up once and existing hosts ignore newer
   * ones (a new AMI never replaces a host silently).
   */
  amiId: z.string().regex(/^ami-[0-9a-f]+$/, { error: "expected an AMI id such as ami-0abc123" }).optional(),
  /** Size in GiB of the core host's data volume (CouchDB, Kafka and ZooKeeper data; protected and retained on delete). */
  dataVolumeGb: intIn(20, 16384, "a volume size in GiB (an integer)").default(200),
  /** Who may reach SSH, JMX and management ports. Never 0.0.0.0/0. */
  adminCidrs: z.array(allowCidr()).min(1, { error: "expected at least one CIDR block" }).max(MAX_LIST, { error: `expected at most ${MAX_LIST} CIDR blocks` }),
  /** Who may reach the edge (nginx) on 443/80. Required: no world default; give 0.0.0.0/0 yourself for a public API. */
  edgeCidrs: z.array(allowCidr(), { error: "expected a list of CIDR blocks that may reach the edge (no default: say 0.0.0.0/0 yourself for a public API)" })
    .min(1, { error: "expected at least one CIDR block" })
    .max(MAX_LIST, { error: `expected at most ${MAX_LIST} CIDR blocks` }),
  /**
   * The bridge network action containers run on, on every invoker host (the invoker joins it at its second
   * address). Its traffic to the VPC and to 169.254.0.0/16 is dropped; it must not overlap the VPC.
   */
  actionSubnet: cidr().default("192.168.255.0/24"),
  /** Protect interfaces, EIPs, records and the zone against deletion (production). */
  protectAddresses: z.boolean({ error: "expected a YAML boolean" }).default(false),
});

const endpointSchema = z.strictObject({ hosts: z.array(hostAndPort()).min(1, { error: "expected at least one host:port" }).max(MAX_LIST, { error: `expected at most ${MAX_LIST} host:port entries` }) });

export const servicesSchema = z
  .strictObject({
    /** External Kafka brokers (e.g. a managed Kafka); omit to run Kafka in the stack. */
    kafka: endpointSchema.optional(),
    zookeeper: endpointSchema.optional(),
    couchdb: z
      .strictObject({
        protocol: z.enum(["http", "https"]).default("http"),
        host: hostName("a CouchDB host"),
        port: port().default(5984),
        username: grammar(/^[A-Za-z0-9_.@-]{1,64}$/, "a CouchDB user (letters, digits, _ . @ -)").default("whisk_admin"),
      })
      .optional(),
    images: z
      .strictObject({
        zookeeper: image("a ZooKeeper image reference").default("zookeeper:3.8.4"),
        kafka: image("a Kafka image reference").default("wurstmeister/kafka:2.13-2.8.1"),
        couchdb: image("a CouchDB image reference").default("apache/couchdb:3.3.3"),
        nginx: image("an nginx image reference").default("nginx:1.27"),
        init: image("an image with sh and curl for the database init").default("curlimages/curl:8.10.1"),
      })
      .prefault({}),
    couchdbUser: grammar(/^[A-Za-z0-9_.@-]{1,64}$/, "a CouchDB user (letters, digits, _ . @ -)").default("whisk_admin"),
    dbPrefix: grammar(/^[a-z][a-z0-9_]{0,63}$/, "a CouchDB name prefix: lowercase, digits, _").default("whisk_local_"),
  })
  .prefault({});

/** The longest RUNTIMES_MANIFEST (compact JSON): it is one env line on every node, inside EC2's 16 KB of user data. */
export const MAX_RUNTIMES_MANIFEST = 12 * 1024;

/** Secret inputs; when absent, the program generates them (random provider) and keeps them secret. */
export const SECRET_KEYS = ["couchdbPassword", "controllerPassword", "invokerPassword", "guestAuthKey", "systemAuthKey", "jmxPassword", "couchdbControllerPassword", "couchdbInvokerPassword"] as const;
export type SecretName = (typeof SECRET_KEYS)[number];

export const stackConfigSchema = z.strictObject({
  target: z.enum(["docker", "aws"], { error: "expected docker or aws" }),
  /** development, staging or production: production protects addresses and tightens policy advice. */
  environment: z.enum(["development", "staging", "production"], { error: "expected development, staging or production" }).default("development"),
  /** CONFIG_whisk_cluster_name; default: the stack name. */
  clusterName: grammar(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, "a cluster name (letters, digits, . _ -)").optional(),
  release: releaseSchema,
  controllers: controllersSchema,
  invokers: invokersSchema,
  services: servicesSchema,
  docker: dockerSchema.optional(),
  aws: awsSchema.optional(),
  /**
   * A source wider than this prefix counts as the world in allow-lists, and so does a list covering more public
   * address space than one such block (cidr.ts). At least 8: a stack may tighten the judgement, never loosen it.
   */
  minimumCidrPrefix: intIn(8, 32, "a prefix length (an integer; at least 8, a stack can only tighten the judgement)").default(DEFAULT_MINIMUM_PREFIX),
  /** Runtimes manifest (RUNTIMES_MANIFEST); default: Node.js 20 and the blackbox skeleton. */
  runtimesManifest: z.record(z.string(), z.unknown())
    .refine((m) => JSON.stringify(m).length <= MAX_RUNTIMES_MANIFEST, { error: `expected a runtimes manifest of at most ${MAX_RUNTIMES_MANIFEST} characters as JSON (upstream's ansible/files/runtimes.json is about 4000)` })
    .optional(),
  couchdbPassword: secretText().optional(),
  /** Password of the controllers' own CouchDB user (members of the whisk databases only; not the server admin). Generated when absent. */
  couchdbControllerPassword: secretText().optional(),
  /** Password of the invokers' own CouchDB user (members of the whisk databases only; not the server admin). Generated when absent. */
  couchdbInvokerPassword: secretText().optional(),
  controllerPassword: secretText().optional(),
  invokerPassword: secretText().optional(),
  guestAuthKey: authKey().optional(),
  systemAuthKey: authKey().optional(),
  /** Password of the JMX user (manual downing); generated when absent. */
  jmxPassword: secretText().optional(),
});

export type StackConfig = z.output<typeof stackConfigSchema>;
export type ControllersConfig = StackConfig["controllers"];
export type InvokersConfig = StackConfig["invokers"];
export type DowningConfig = ControllersConfig["downing"];
export type SupervisorConfig = z.output<typeof supervisorSchema>;
export type DockerConfig = z.output<typeof dockerSchema>;
export type AwsConfig = z.output<typeof awsSchema>;
export type ServicesConfig = StackConfig["services"];
