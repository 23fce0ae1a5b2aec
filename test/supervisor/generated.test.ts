/** The supervisor's generated files are what `npm run supervisor:generate` makes from their sources now. */
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { BUNDLE_MODULE, CLASSES_MODULE, classesModule, compileClient, programBundle } from "../../cli/supervisorGenerate";

test("clientClasses.ts holds the JMX client as javac --release 11 compiles it from java/ClusterJmxClient.java (else: npm run supervisor:generate)", () => {
  expect(readFileSync(CLASSES_MODULE, "utf8")).toBe(classesModule(compileClient()));
  // Class file major version 55: Java 11, the oldest JVM in a controller image.
  for (const b64 of Object.values(require("../../components/supervisor/clientClasses").CLIENT_CLASSES as Record<string, string>)) {
    expect(gunzipSync(Buffer.from(b64, "base64")).readUInt16BE(6)).toBe(55);
  }
});

test("programBundle.ts holds the supervisor's modules as they are now (else: npm run supervisor:generate)", () => {
  expect(readFileSync(BUNDLE_MODULE, "utf8")).toBe(programBundle());
});
