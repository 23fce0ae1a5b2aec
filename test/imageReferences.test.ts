/**
 * The images an instance's user data runs are read by the shell's rules (the policy model's one
 * shell-words reader), so a `docker run` written over continued lines, or with quoted options, still
 * names its image; a word the shell expands never counts as one.
 */
import { imageReferences } from "../policies/model/images";
import type { StackResource } from "../policies/model/stackResource";

const instance = (userData: string): StackResource => ({
  urn: "urn:pulumi:s::p::aws:ec2/instance:Instance::host", type: "aws:ec2/instance:Instance", name: "host",
  props: { userData }, protect: false, dependencies: [], propertyDependencies: {},
});

test("a docker run continued over lines names its image", () => {
  const script = "#!/bin/bash\ndocker run -d --name controller0 \\\n  -e \"JAVA_OPTS=-Xmx2g -Da=b\" \\\n  --network host \\\n  openwhisk/controller:nightly /init.sh 0\n";
  expect(imageReferences(instance(script), new Map())).toEqual(["openwhisk/controller:nightly"]);
});

test("cloud-config: a runcmd and a script file each name their image; an expanded word is no image", () => {
  const cloud = [
    "#cloud-config",
    "write_files:",
    "  - path: /usr/local/bin/start.sh",
    "    content: |",
    "      #!/bin/sh",
    "      docker run -e 'K=a b' \\",
    "        openwhisk/invoker:2.0.0 /init.sh --id 0",
    "      docker run \"$IMAGE\"",
    "runcmd:",
    "  - [docker, pull, zookeeper:3.8.4]",
  ].join("\n");
  expect(imageReferences(instance(cloud), new Map()).sort()).toEqual(["openwhisk/invoker:2.0.0", "zookeeper:3.8.4"]);
});
