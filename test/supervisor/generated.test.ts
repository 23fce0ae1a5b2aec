/** The supervisor's generated files are what `npm run supervisor:generate` makes from their sources now. */
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { BUNDLE_MODULE, CLASSES_MODULE, classesModule, compileClient, programBundle } from "../../cli/supervisorGenerate";

test("clientClasses.ts holds the JMX client as javac --release 8 compiles it from java/ClusterJmxClient.java (else: npm run supervisor:generate)", () => {
  expect(readFileSync(CLASSES_MODULE, "utf8")).toBe(classesModule(compileClient()));
  // Class file major version 52: Java 8. legacy-2017's controller image runs Oracle JDK 8u141
  // (apache/openwhisk common/scala/Dockerfile at febde0042: VERSION 8, UPDATE 141), the oldest JVM the
  // client runs in (1.0.0 and 2.0.0: JDK 11; master: JRE 21).
  for (const b64 of Object.values(require("../../components/supervisor/clientClasses").CLIENT_CLASSES as Record<string, string>)) {
    expect(gunzipSync(Buffer.from(b64, "base64")).readUInt16BE(6)).toBe(52);
  }
});

test("programBundle.ts holds the supervisor's modules as they are now (else: npm run supervisor:generate)", () => {
  expect(readFileSync(BUNDLE_MODULE, "utf8")).toBe(programBundle());
});
