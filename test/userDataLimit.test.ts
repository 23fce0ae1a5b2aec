/**
 * EC2 takes at most 16384 bytes of user data (gzip-compressed here when larger). A stack whose hosts
 * would get more is told which key to change: the runtimes manifest is the one part of a host's user
 * data a stack controls in bulk.
 */
import { randomBytes } from "node:crypto";
import { gunzipSync } from "node:zlib";
import { userDataFor } from "../components/plan/cloudInit";

test("user data over EC2's limit even compressed is refused naming openwhisk:runtimesManifest", () => {
  const incompressible = randomBytes(20_000).toString("base64");
  expect(() => userDataFor(incompressible)).toThrow(/more than EC2's 16384: shorten openwhisk:runtimesManifest/);
});

test("user data over the limit that compresses below it is sent gzip-compressed, and decompresses to itself", () => {
  const text = "#cloud-config\n" + "write_files: []\n".repeat(2000);
  const out = userDataFor(text);
  expect("userDataBase64" in out).toBe(true);
  expect(gunzipSync(Buffer.from((out as { userDataBase64: string }).userDataBase64, "base64")).toString("utf8")).toBe(text);
});
