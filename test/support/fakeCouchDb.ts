/**
 * A recording HTTP server on 127.0.0.1 that answers as CouchDB 3 does for what the init job asks
 * (databases, documents with revisions, `_local` documents, `_cluster_setup`, `_node/_local/_config`),
 * and serves test-made files under /src/ as a stand-in for the build's source, also over HTTPS (a
 * throwaway self-signed certificate for 127.0.0.1; give curl `CURL_CA_BUNDLE=<caFile>`).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import http from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface RecordedRequest {
  method: string;
  path: string;
  body: string;
  authorization: string | undefined;
}

export interface FakeCouchDb {
  url: string;
  /** `https://127.0.0.1:<port>/src`: the sources over TLS. */
  sourceUrl: string;
  /** The certificate that TLS server presents (a CA bundle for curl). */
  caFile: string;
  requests: RecordedRequest[];
  databases: Map<string, Map<string, { rev: string; body: Record<string, unknown> }>>;
  config: Map<string, string>;
  /** Files served at <url>/src/<path>; a value `REDIRECT <location>` answers 302 there. */
  sources: Map<string, string>;
  /** How many /_up requests answer 503 before CouchDB is "up" (Infinity: never). */
  downFor: number;
  close(): Promise<void>;
}

export async function startFakeCouchDb(user: string, password: string): Promise<FakeCouchDb> {
  const state: Omit<FakeCouchDb, "url" | "sourceUrl" | "caFile" | "close"> = { requests: [], databases: new Map(), config: new Map(), sources: new Map(), downFor: 0 };
  let setupDone = false;
  const expectedAuth = `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;
  const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const url = new URL(req.url ?? "/", "http://x");
      const path = decodeURIComponent(url.pathname);
      state.requests.push({ method: req.method ?? "", path: `${path}${url.search}`, body, authorization: req.headers.authorization });
      const send = (code: number, payload: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(code, { "Content-Type": "application/json", ...headers });
        res.end(req.method === "HEAD" ? undefined : typeof payload === "string" ? payload : JSON.stringify(payload));
      };
      if (path.startsWith("/src/")) {
        const file = state.sources.get(path.slice("/src/".length));
        if (file?.startsWith("REDIRECT ")) return send(302, "", { Location: file.slice("REDIRECT ".length) });
        return file === undefined ? send(404, "not found") : send(200, file);
      }
      if (req.headers.authorization !== expectedAuth) return send(401, { error: "unauthorized" });
      if (path === "/_up") {
        if (state.downFor > 0) {
          state.downFor -= 1;
          return send(503, { status: "starting" });
        }
        return send(200, { status: "ok" });
      }
      if (path === "/_cluster_setup" && req.method === "POST") {
        if (setupDone) return send(400, { error: "bad_request", reason: "Cluster is already finished" });
        setupDone = true;
        return send(201, { ok: true });
      }
      const cfg = /^\/_node\/_local\/_config\/(.+)$/.exec(path);
      if (cfg && req.method === "PUT") {
        state.config.set(cfg[1], JSON.parse(body));
        return send(200, '""');
      }
      const [, db, ...rest] = path.split("/");
      const id = rest.join("/");
      if (!id) {
        if (req.method !== "PUT") return send(405, {});
        if (state.databases.has(db)) return send(412, { error: "file_exists" });
        state.databases.set(db, new Map());
        return send(201, { ok: true });
      }
      const docs = state.databases.get(db);
      if (!docs) return send(404, { error: "not_found", reason: "Database does not exist." });
      // A database's security object: no revision, each PUT replaces it (CouchDB answers 200).
      if (id === "_security" && req.method === "PUT") {
        try {
          docs.set(id, { rev: "0-security", body: JSON.parse(body) });
        } catch {
          return send(400, { error: "bad_request", reason: "invalid UTF-8 JSON" });
        }
        return send(200, { ok: true });
      }
      const doc = docs.get(id);
      if (req.method === "GET" || req.method === "HEAD") {
        if (!doc) return send(404, { error: "not_found" });
        return send(200, { _id: id, _rev: doc.rev, ...doc.body }, { ETag: `"${doc.rev}"` });
      }
      if (req.method === "PUT") {
        let parsed: Record<string, unknown>;
        try {
          parsed = JSON.parse(body);
        } catch {
          return send(400, { error: "bad_request", reason: "invalid UTF-8 JSON" });
        }
        const given = url.searchParams.get("rev") ?? (parsed._rev as string | undefined);
        if (doc && given !== doc.rev) return send(409, { error: "conflict" });
        if (!doc && given !== undefined) return send(409, { error: "conflict" });
        const n = doc ? Number(doc.rev.split("-")[0]) + 1 : 1;
        const { _rev: _drop, _id: _id, ...rest2 } = parsed;
        const rev = `${n}-${"abcdef0123456789".repeat(2).slice(n % 16, (n % 16) + 8)}`;
        docs.set(id, { rev, body: rest2 });
        return send(201, { ok: true, id, rev });
      }
      return send(405, {});
    });
  };
  const server = http.createServer(handler);
  const tls = mkdtempSync(join(tmpdir(), "fake-couch-tls-"));
  execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
    "-keyout", join(tls, "key.pem"), "-out", join(tls, "cert.pem")], { stdio: "ignore" });
  const secure = https.createServer({ key: readFileSync(join(tls, "key.pem")), cert: readFileSync(join(tls, "cert.pem")) }, handler);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  await new Promise<void>((resolve) => secure.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const securePort = (secure.address() as AddressInfo).port;
  return {
    ...state,
    get downFor() { return state.downFor; },
    set downFor(v: number) { state.downFor = v; },
    url: `http://127.0.0.1:${port}`,
    sourceUrl: `https://127.0.0.1:${securePort}/src`,
    caFile: join(tls, "cert.pem"),
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await new Promise<void>((resolve) => secure.close(() => resolve()));
      rmSync(tls, { recursive: true, force: true });
    },
  } as FakeCouchDb;
}
