/**
 * The outputs a provider always returns for a resource, whatever the program set: every output whose
 * type in the provider's own SDK declaration is not optional (`readonly x: pulumi.Output<string>`, not
 * `pulumi.Output<string | undefined>`), e.g. an `aws.ec2.Vpc`'s `arn`, `ownerId`, `ipv6CidrBlock` and
 * `ipv6AssociationId`. Read from the installed `@pulumi/*` package's `.d.ts` of that type (the generated
 * SDK mirrors the provider schema), once per type, so a mock never returns less than the real provider.
 */
import * as fs from "fs";
import * as path from "path";

export type OutputKind = "string" | "number" | "boolean" | "list" | "object";

export interface OutputShape {
  name: string;
  kind: OutputKind;
}

const shapes = new Map<string, OutputShape[]>();

/** `aws:ec2/vpc:Vpc` -> `<@pulumi/aws>/ec2/vpc.d.ts`; `docker:index/container:Container` -> `<@pulumi/docker>/container.d.ts`. */
export function declarationFile(type: string): string | undefined {
  const m = /^([a-z0-9-]+):([A-Za-z0-9/]+)\/([A-Za-z0-9]+):[A-Za-z0-9]+$/.exec(type) ?? /^([a-z0-9-]+):(index)\/([A-Za-z0-9]+):[A-Za-z0-9]+$/.exec(type);
  if (!m) return undefined;
  let root: string;
  try {
    root = path.dirname(require.resolve(`@pulumi/${m[1]}/package.json`));
  } catch {
    return undefined;
  }
  const file = m[2] === "index" ? path.join(root, `${m[3]}.d.ts`) : path.join(root, m[2], `${m[3]}.d.ts`);
  return fs.existsSync(file) ? file : undefined;
}

function kindOf(type: string): OutputKind {
  const t = type.trim();
  if (t.startsWith("{")) return "object";
  if (t.endsWith("[]")) return "list";
  if (t === "number") return "number";
  if (t === "boolean") return "boolean";
  if (t.startsWith("outputs.")) return "object";
  return "string";
}

/** The outputs the type's provider always returns (non-optional in its SDK declaration); none for an unknown type. */
export function alwaysReturnedOutputs(type: string): OutputShape[] {
  const cached = shapes.get(type);
  if (cached) return cached;
  const file = declarationFile(type);
  const out: OutputShape[] = [];
  if (file) {
    const text = fs.readFileSync(file, "utf8");
    // The resource class's members: `readonly <name>: pulumi.Output<<type>>;` (args and state interfaces use pulumi.Input).
    for (const m of text.matchAll(/^ {4}readonly (\w+): pulumi\.Output<([\s\S]*?)>;\n/gm)) {
      if (m[1] === "id" || m[1] === "urn" || /\|\s*undefined\s*$/.test(m[2])) continue;
      out.push({ name: m[1], kind: kindOf(m[2]) });
    }
  }
  shapes.set(type, out);
  return out;
}
