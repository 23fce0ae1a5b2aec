/**
 * The stack's secrets: taken from config (`pulumi config set --secret openwhisk:<name>`) or, when
 * absent, generated once by the random provider and kept in state. Always Pulumi secrets.
 */
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { AUTH_KEY_SECRET_LENGTH, authKeyProblem } from "./config/authKeys";
import { ConfigError, keyOf } from "./config/errors";
import { PASSWORD_KEYS, passwordProblem, SECRET_KEYS } from "./config/schema";
import type { EnvValue } from "./plan/containerSpec";
import { isSecretRef } from "./plan/containerSpec";

/** Every secret of a deployment, as Pulumi secret outputs (one field per secret, so every language can read them). */
export interface SecretValues {
  /** CouchDB admin password (secret). */
  couchdbPassword: pulumi.Output<string>;
  /** Password of the controllers' CouchDB access (secret). */
  controllerPassword: pulumi.Output<string>;
  /** Password of the invokers' CouchDB access (secret). */
  invokerPassword: pulumi.Output<string>;
  /** The guest namespace's auth key, uuid:key (secret). */
  guestAuthKey: pulumi.Output<string>;
  /** The whisk.system namespace's auth key, uuid:key (secret). */
  systemAuthKey: pulumi.Output<string>;
  /** The JMX password controllers require (secret). */
  jmxPassword: pulumi.Output<string>;
  /** Password of the controllers' own CouchDB user (secret). */
  couchdbControllerPassword: pulumi.Output<string>;
  /** Password of the invokers' own CouchDB user (secret). */
  couchdbInvokerPassword: pulumi.Output<string>;
}

/** Secrets a user may give; each one not given is generated once (random provider) and kept in state. */
export interface OpenWhiskSecretInputs {
  /** CouchDB admin password. */
  couchdbPassword?: pulumi.Input<string>;
  /** whisk.controller.password (2.0.0 and later). */
  controllerPassword?: pulumi.Input<string>;
  /** whisk.invoker.password (2.0.0 and later). */
  invokerPassword?: pulumi.Input<string>;
  /** The guest subject's auth key, `<uuid>:<key>`. */
  guestAuthKey?: pulumi.Input<string>;
  /** The whisk.system subject's auth key, `<uuid>:<key>`. */
  systemAuthKey?: pulumi.Input<string>;
  /** The JMX user's password (manual downing). */
  jmxPassword?: pulumi.Input<string>;
  /** Password of the controllers' own CouchDB user (members of the whisk databases, not the server admin). */
  couchdbControllerPassword?: pulumi.Input<string>;
  /** Password of the invokers' own CouchDB user (members of the whisk databases, not the server admin). */
  couchdbInvokerPassword?: pulumi.Input<string>;
}

export interface OpenWhiskSecretsArgs {
  /** Values given by config; a missing one is generated. */
  given?: OpenWhiskSecretInputs;
}

/** The auth keys a component user gives (never validated by the stack config when they come this way). */
const AUTH_KEYS = ["guestAuthKey", "systemAuthKey"] as const;

/**
 * Checks the auth keys given to a component: a plain string at once (a ConfigError naming the key,
 * before anything is created), a Pulumi output when its value is known (the same error, from the
 * output). Every build's Secret refuses another length with a silent 401 (config/authKeys.ts).
 */
export function checkGivenAuthKeys(given: OpenWhiskSecretInputs | undefined, source: string): void {
  const issues = [...AUTH_KEYS, ...PASSWORD_KEYS].flatMap((key) => {
    const value = given?.[key];
    // Outputs and promises are checked once their value is known (checkedAuthKey).
    if (value === undefined || pulumi.Output.isInstance(value) || value instanceof Promise) return [];
    const problem = typeof value === "string" ? givenSecretProblem(key, value) : "expected a string";
    return problem === undefined ? [] : [{ key: keyOf([key]), value: "[secret]", expected: problem }];
  });
  if (issues.length > 0) throw new ConfigError(issues, source);
}

/**
 * What is wrong with a secret given to a component: an auth key's shape, or a password's alphabet, length
 * and published defaults, as the stack config judges them (config/schema.ts SECRET_ALPHABET: every 1.0.0+
 * image's start chain evaluates `CONFIG_*` values as shell, common/scala/transformEnvironment.sh).
 */
function givenSecretProblem(key: string, value: string): string | undefined {
  return (AUTH_KEYS as readonly string[]).includes(key) ? authKeyProblem(value) : passwordProblem(value);
}

/** The given value, failing (naming the key) once an output's value turns out not to be an auth key or a valid password. */
function checkedAuthKey(key: (typeof AUTH_KEYS)[number] | (typeof PASSWORD_KEYS)[number], value: pulumi.Input<string>, source: string): pulumi.Input<string> {
  if (typeof value === "string") return value;
  return pulumi.output(value).apply((v) => {
    const problem = typeof v === "string" ? givenSecretProblem(key, v) : "expected a string";
    if (problem !== undefined) throw new ConfigError([{ key: keyOf([key]), value: "[secret]", expected: problem }], source);
    return v;
  });
}

export class OpenWhiskSecrets extends pulumi.ComponentResource {
  /** Every secret, as a Pulumi secret output. */
  public readonly values: SecretValues;

  constructor(name: string, args: OpenWhiskSecretsArgs = {}, opts?: pulumi.ComponentResourceOptions) {
    checkGivenAuthKeys(args.given, "component arguments");
    super("openwhisk:index:OpenWhiskSecrets", name, {}, { ...opts, aliases: [...(opts?.aliases ?? []), { type: "openwhisk:index:Secrets" }] });
    const values = {} as SecretValues;
    for (const key of SECRET_KEYS) {
      const given = args.given?.[key];
      if (given !== undefined) {
        values[key] = pulumi.secret(checkedAuthKey(key, given, "component arguments"));
        continue;
      }
      if (key === "guestAuthKey" || key === "systemAuthKey") {
        // OpenWhisk auth keys are "<uuid>:<key>" with a key of exactly 64 letters or digits: every
        // build's Secret requires that length, any other is a 401 on every call (config/authKeys.ts).
        // A stack that has a 32-character key from an earlier version gets a new one (a changed length
        // replaces the random resource), and the database init writes it into the subjects.
        const secret = new random.RandomPassword(`${name}-${key}`, { length: AUTH_KEY_SECRET_LENGTH, special: false }, { parent: this });
        const uuid = new random.RandomUuid(`${name}-${key}-uuid`, {}, { parent: this });
        values[key] = pulumi.secret(pulumi.interpolate`${uuid.result}:${secret.result}`);
      } else {
        const password = new random.RandomPassword(`${name}-${key}`, { length: 32, special: false }, { parent: this });
        values[key] = pulumi.secret(password.result);
      }
    }
    this.values = values;
    this.registerOutputs({});
  }
}

/** Resolves an env value: plain strings stay plain, secret references become secret outputs. */
export function resolveEnvValue(value: EnvValue, secrets: SecretValues): pulumi.Input<string> {
  return isSecretRef(value) ? secrets[value.secret] : value;
}
