/**
 * How a host's user data is written and read back, the same document either way:
 * - the project writes cloud-config as JSON (YAML's flow style: cloud-init's PyYAML loader and schema
 *   accept it, test/tools/cloudInitLoader.test.ts), and the policy model reads a JSON body with a JSON
 *   parser and any other body with a YAML parser: a host reads the same whichever form it was written in;
 * - a key given twice, in JSON or in YAML: the last wins, as PyYAML's constructor keeps the last value of a mapping key;
 * - the decoded text other readers search (image references, a controller's instance index) has each
 *   encoded file decoded where the file stands, in the order the user data gives;
 * - one parse of a text serves every reader (textCache), and a full cache starts over instead of growing.
 */
import { gzipSync } from "node:zlib";
import { stringify } from "yaml";
import { textCache } from "../components/plan/textCache";
import { imageReferences } from "../policies/model/images";
import { cloudConfigOf, readNodeEnv } from "../policies/model/nodeEnv";
import type { StackResource } from "../policies/model/stackResource";
import { rawUserData } from "./support/hostSetup";
import { ofType, runUnderMocks, stackConfig } from "./support/mockRun";

function host(userData: string): StackResource {
  return { urn: "urn:pulumi:dev::p::aws:ec2/instance:Instance::h", type: "aws:ec2/instance:Instance", name: "h", props: { userDataBase64: gzipSync(userData).toString("base64") }, protect: false, dependencies: [], propertyDependencies: {} } as StackResource;
}

const b64 = (s: string) => Buffer.from(s, "utf8").toString("base64");

describe("the project's user data is JSON cloud-config, read as the same document in either form", () => {
  let hosts: string[] = [];
  beforeAll(async () => {
    const run = await runUnderMocks(stackConfig("prod"), { stack: "prod", preview: false });
    hosts = ofType(run, "aws:ec2/instance:Instance").map(rawUserData);
  }, 60_000);

  test("every host's user data is a #cloud-config header and a JSON document", () => {
    expect(hosts.length).toBeGreaterThan(3);
    for (const text of hosts) {
      expect(text.startsWith("#cloud-config\n{")).toBe(true);
      expect(() => JSON.parse(text.slice("#cloud-config\n".length))).not.toThrow();
    }
  });

  test("the env and images read from each host are the same when its document is written as block YAML", () => {
    for (const text of hosts) {
      const doc = JSON.parse(text.slice("#cloud-config\n".length));
      const asYaml = `#cloud-config\n${stringify(doc, { lineWidth: 0 })}`;
      const [json, yaml] = [host(text), host(asYaml)];
      expect([...readNodeEnv(yaml).values]).toEqual([...readNodeEnv(json).values]);
      expect(readNodeEnv(json).values.size).toBeGreaterThan(5);
      expect(imageReferences(yaml, new Map())).toEqual(imageReferences(json, new Map()));
    }
  });
});

describe("reading a JSON body", () => {
  test("a key given twice: the last one wins, as in PyYAML (a YAML parser that refuses duplicates would read nothing)", () => {
    const text = `#cloud-config\n{"write_files": [{"path": "/etc/ow/a.env", "content": "A=1\\n"}], "write_files": [{"path": "/etc/ow/b.env", "content": "B=2\\n"}]}`;
    const env = readNodeEnv(host(text)).values;
    expect(env.get("B")).toBe("2");
    expect(env.has("A")).toBe(false);
  });

  test("the same in block YAML: the last one wins (PyYAML's construct_mapping keeps the last value; the YAML reader must not refuse the document)", () => {
    const text = `#cloud-config\nwrite_files:\n  - path: /etc/ow/a.env\n    content: "A=1\\n"\nruncmd: [[true]]\nwrite_files:\n  - path: /etc/ow/b.env\n    content: "B=2\\n"\n`;
    const env = readNodeEnv(host(text)).values;
    expect(env.get("B")).toBe("2");
    expect(env.has("A")).toBe(false);
  });

  test("a body that is not JSON is read as YAML (flow or block)", () => {
    const env = readNodeEnv(host(`#cloud-config\nwrite_files: [{path: /etc/ow/a.env, content: "A=1\\n"}]\n`)).values;
    expect(env.get("A")).toBe("1");
  });
});

describe("run commands", () => {
  // cloud-init writes runcmd (and bootcmd) as one shell script, an item a line (cloudinit/util.py
  // shellify): an item ending in a backslash continues into the next one, as in the script it runs.
  test("a docker run continued over runcmd items gives its container the -e settings of every item", () => {
    const text = `#cloud-config\nruncmd:\n  - docker run -d --name controller0 \\\n  - -e CONFIG_whisk_cluster_name=prod \\\n  - openwhisk/controller:2.0.0 /init.sh 0\n`;
    expect(readNodeEnv(host(text)).values.get("CONFIG_whisk_cluster_name")).toBe("prod");
  });

  test("the image of a docker run continued over runcmd items is its image (not the backslash that ends an item)", () => {
    const text = `#cloud-config\nruncmd:\n  - docker run -d --name controller0 \\\n  - -e CONFIG_whisk_cluster_name=prod \\\n  - openwhisk/controller:nightly /init.sh 0\n`;
    expect(imageReferences(host(text), new Map())).toEqual(["openwhisk/controller:nightly"]);
  });

  test("an argv list is quoted as cloud-init quotes it: [sh, -c, <script>] runs that script; a list that does not parse as one script is read item by item", () => {
    const inline = `#cloud-config\nruncmd:\n  - [sh, -c, "docker run -d -e A=1 example.com/ow/invoker:2.0.0"]\n`;
    expect(imageReferences(host(inline), new Map())).toEqual(["example.com/ow/invoker:2.0.0"]);
    expect(readNodeEnv(host(inline)).values.get("A")).toBe("1");
    const broken = `#cloud-config\nruncmd:\n  - echo "unterminated\n  - docker run -d example.com/ow/controller:2.0.0\n`;
    expect(imageReferences(host(broken), new Map())).toEqual(["example.com/ow/controller:2.0.0"]);
  });

  test("items of one list still end their command where no backslash continues it; the lists are read apart", () => {
    const text = `#cloud-config\nbootcmd:\n  - echo \\\nruncmd:\n  - A=1\n  - [docker, run, -e, B=2, img]\n`;
    const env = readNodeEnv(host(text)).values;
    expect(env.get("A")).toBe("1");
    expect(env.get("B")).toBe("2");
  });
});

describe("the decoded text", () => {
  test("each encoded file is decoded where it stands, in order; the first instance index given wins", () => {
    const text = `#cloud-config\n${JSON.stringify({
      write_files: [
        { path: "/opt/ow/first.sh", encoding: "b64", content: b64("#!/bin/sh\nexec /init.sh 3\n") },
        { path: "/opt/ow/second.sh", encoding: "b64", content: b64("#!/bin/sh\nexec /init.sh 7\n") },
      ],
    })}`;
    const decoded = cloudConfigOf(text)!.decodedText;
    expect(decoded.indexOf("/init.sh 3")).toBeGreaterThan(0);
    expect(decoded.indexOf("/init.sh 3")).toBeLessThan(decoded.indexOf("/init.sh 7"));
    expect(decoded).not.toContain(b64("#!/bin/sh\nexec /init.sh 3\n"));
  });

  // The engine's API floor is read from the text (policies/rules/invokerDockerApi.ts). A plain drop-in
  // written as a JSON or double-quoted string holds `\"` and `\n` in the text, not what systemd reads
  // on disk: beside an encoded file it must still be read as written on disk (it was, while the decoded
  // text was the document written back as block YAML).
  test.each([
    ["JSON", (files: object[]) => `#cloud-config\n${JSON.stringify({ write_files: files }, null, 2)}\n`],
    ["YAML, double-quoted", (files: object[]) => `#cloud-config\n${stringify({ write_files: files }, { lineWidth: 0, defaultStringType: "QUOTE_DOUBLE" })}`],
  ])("%s: a plain content beside an encoded one is read as written on disk", (_form, write) => {
    const dropIn = `[Service]\nEnvironment=DOCKER_MIN_API_VERSION="1.44"\n`;
    const text = write([
      { path: "/etc/openwhisk/invoker0.env", encoding: "b64", content: b64("CONFIG_whisk_docker_containerFactory_useRunc=true\n") },
      { path: "/etc/systemd/system/docker.service.d/min-api.conf", content: dropIn },
    ]);
    const decoded = readNodeEnv(host(text)).text!;
    expect(decoded).toContain(dropIn);
    expect(/DOCKER_MIN_API_VERSION=["']?(1\.\d{1,2})\b/.exec(decoded)?.[1]).toBe("1.44");
    expect(decoded).toContain("CONFIG_whisk_docker_containerFactory_useRunc=true\n");
  });

  test("an encoded content that does not appear verbatim (a folded scalar) is still decoded, at the end", () => {
    const content = b64("#!/bin/sh\ndocker run -d example.com/ow/controller:2.0.0 /init.sh 0\n");
    const folded = `${content.slice(0, 20)}\n      ${content.slice(20)}`;
    const text = `#cloud-config\nwrite_files:\n  - path: /opt/ow/run.sh\n    encoding: b64\n    content: ${folded}\n`;
    expect(cloudConfigOf(text)!.decodedText).toContain("example.com/ow/controller:2.0.0");
    expect(imageReferences(host(text), new Map())).toEqual(["example.com/ow/controller:2.0.0"]);
  });
});

describe("textCache", () => {
  test("computes a text once, stores undefined results too, and starts over when full", () => {
    const cache = textCache<string | undefined>(2);
    let calls = 0;
    const f = (t: string) => (calls++, t === "none" ? undefined : t.toUpperCase());
    expect(cache.get("a", f)).toBe("A");
    expect(cache.get("a", f)).toBe("A");
    expect(cache.get("none", f)).toBeUndefined();
    expect(cache.get("none", f)).toBeUndefined();
    expect(calls).toBe(2);
    cache.get("b", f); // full: starts over
    cache.get("a", f);
    expect(calls).toBe(4);
  });
});
