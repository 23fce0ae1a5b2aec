/**
 * Entry point of the component package (named by PulumiPlugin.yaml): `pulumi package add <this
 * repository>` launches it with the nodejs runtime, asks for the schema (Pulumi's analyzer derives
 * it from the components' documented TypeScript argument interfaces) and generates an SDK in the
 * consumer's language; `pulumi up` in that program then constructs the components here.
 * Run from source (the runtime transpiles TypeScript); not part of the npm build.
 */
import { componentProviderHost } from "@pulumi/pulumi/provider/experimental";
import { COMPONENT_PACKAGE_NAME, PACKAGE_ROOT, PROVIDED_COMPONENTS } from "./componentPackage";

void componentProviderHost({ components: PROVIDED_COMPONENTS, name: COMPONENT_PACKAGE_NAME, dirname: PACKAGE_ROOT });
