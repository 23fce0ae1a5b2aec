/**
 * The component package other Pulumi languages consume: its name, the components it serves and
 * where its package.json lives. `provider.ts` hosts it; the schema test builds the same provider.
 *
 * Only components whose arguments are plain, documented data are served. The parts that take other
 * components as arguments (ControllerCluster, InvokerFleet, CoreServices, AwsStaticAddresses,
 * HostAccess) compose in TypeScript only; from other languages use OpenWhiskCluster, which builds them.
 *
 * The analyzer reads TypeScript sources: it takes the entry from package.json's `exports["."].default`
 * (then `main`), with `.js` read as `.ts`. So `default` names `./components/index.js` (the sources),
 * while `require`, `import` and `types`, which Node.js and TypeScript pick first, name the compiled
 * `dist/`. The npm tarball ships only `dist/`; the component package is used from the repository.
 */
import * as path from "path";
import { ComponentProvider } from "@pulumi/pulumi/provider/experimental";
import { OpenWhiskCluster } from "./openWhiskCluster";
import { OpenWhiskSecrets } from "./secrets";
import { DockerStaticAddresses } from "./docker/dockerStaticAddresses";
import { AwsNetwork } from "./aws/awsNetwork";

/** The package name other languages see: resources are `openwhisk:index:<Component>`. */
export const COMPONENT_PACKAGE_NAME = "openwhisk";

/** The components served to other languages. */
export const PROVIDED_COMPONENTS = [OpenWhiskCluster, OpenWhiskSecrets, DockerStaticAddresses, AwsNetwork];

/** The repository root: package.json (name, version, dependencies) and tsconfig.json, which the analyzer reads. */
export const PACKAGE_ROOT = path.resolve(__dirname, "..");

/** The provider `pulumi package add` talks to: schema from the analyzer, `construct` for each component. */
export function componentPackageProvider(): ComponentProvider {
  return new ComponentProvider({ components: PROVIDED_COMPONENTS, name: COMPONENT_PACKAGE_NAME, dirname: PACKAGE_ROOT });
}
