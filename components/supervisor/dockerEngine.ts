/**
 * The Docker Engine API over its unix socket, from Node.js alone (no docker CLI in the supervisor's
 * image): the few calls fencing and the JMX runner need. Engine API reference:
 * https://docs.docker.com/reference/api/engine/ (containers: inspect, stop, start, wait, create,
 * archive, logs, delete).
 */
import { request } from "node:http";
import type { InfraState } from "./decision";

export class EngineError extends Error {
  constructor(public readonly status: number, message: string) {
    super(message);
    this.name = "EngineError";
  }
}

export class DockerEngine {
  constructor(private readonly socketPath = "/var/run/docker.sock", private readonly apiVersion = "v1.41") {}

  call(method: string, path: string, body?: Buffer | object, contentType = "application/json", timeoutMs = 120_000): Promise<{ status: number; body: Buffer }> {
    const payload = body === undefined ? undefined : Buffer.isBuffer(body) ? body : Buffer.from(JSON.stringify(body));
    return new Promise((resolve, reject) => {
      const req = request(
        { socketPath: this.socketPath, method, path: `/${this.apiVersion}${path}`, headers: payload ? { "Content-Type": contentType, "Content-Length": payload.length } : {}, timeout: timeoutMs },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
          res.on("error", reject);
        },
      );
      req.on("timeout", () => req.destroy(new Error(`docker engine: ${method} ${path} timed out`)));
      req.on("error", (e) => reject(new EngineError(0, `docker engine unreachable at ${this.socketPath}: ${e.message}`)));
      if (payload) req.write(payload);
      req.end();
    });
  }

  private async ok(method: string, path: string, body?: Buffer | object, contentType?: string, timeoutMs?: number): Promise<Buffer> {
    const r = await this.call(method, path, body, contentType, timeoutMs);
    if (r.status >= 300 && r.status !== 304) throw new EngineError(r.status, `docker engine: ${method} ${path} answered ${r.status}: ${r.body.toString("utf8").trim()}`);
    return r.body;
  }

  /** running / exited / absent (no such container); restarting, paused, created and the rest count as running (not confirmed dead). */
  async state(container: string): Promise<InfraState> {
    const r = await this.call("GET", `/containers/${encodeURIComponent(container)}/json`);
    if (r.status === 404) return "absent";
    if (r.status !== 200) throw new EngineError(r.status, `docker engine: inspect ${container} answered ${r.status}`);
    const status = JSON.parse(r.body.toString("utf8")).State?.Status;
    return status === "exited" || status === "dead" ? "exited" : "running";
  }

  /** Stops the container (SIGTERM, then SIGKILL after graceSeconds) and waits until it is exited or gone. */
  async stop(container: string, graceSeconds: number, timeoutMs: number): Promise<void> {
    const started = Date.now();
    const r = await this.call("POST", `/containers/${encodeURIComponent(container)}/stop?t=${graceSeconds}`, undefined, undefined, timeoutMs);
    if (r.status === 404) return;
    if (r.status !== 204 && r.status !== 304) throw new EngineError(r.status, `docker engine: stop ${container} answered ${r.status}: ${r.body.toString("utf8").trim()}`);
    while (Date.now() - started < timeoutMs) {
      const s = await this.state(container);
      if (s === "exited" || s === "absent") return;
      await new Promise((ok) => setTimeout(ok, 250));
    }
    throw new EngineError(0, `${container} is not exited ${timeoutMs} ms after stop`);
  }

  /** Pulls an image (name[:tag][@digest]); the engine streams progress, an error is a line with "error". */
  async pull(image: string): Promise<void> {
    const at = image.lastIndexOf("@");
    const colon = image.lastIndexOf(":");
    const slash = image.lastIndexOf("/");
    const [name, tag] = at > 0 ? [image.slice(0, at), image.slice(at + 1)] : colon > slash ? [image.slice(0, colon), image.slice(colon + 1)] : [image, "latest"];
    const body = (await this.ok("POST", `/images/create?fromImage=${encodeURIComponent(name)}&tag=${encodeURIComponent(tag)}`, undefined, undefined, 600_000)).toString("utf8");
    const failed = body.split("\n").filter((l) => l.includes('"error"'));
    if (failed.length) throw new EngineError(0, `docker engine: pull ${image}: ${failed[0]}`);
  }

  async start(container: string): Promise<void> {
    await this.ok("POST", `/containers/${encodeURIComponent(container)}/start`);
  }

  /** Runs a short-lived container (image, cmd, network, files put in before start) and returns its exit code and output. */
  async runOnce(opts: { image: string; cmd: string[]; env?: string[]; network: string; files: Array<{ path: string; content: Buffer; mode?: number }>; dir: string; timeoutMs: number }): Promise<{ code: number; stdout: string; stderr: string }> {
    const spec = { Image: opts.image, Cmd: opts.cmd, Env: opts.env ?? [], WorkingDir: opts.dir, User: "", HostConfig: { NetworkMode: opts.network } };
    let first = await this.call("POST", "/containers/create", spec);
    if (first.status === 404) {
      // The image is not on this engine yet (the aws supervisor host): pull it, the same image the controllers run.
      await this.pull(opts.image);
      first = await this.call("POST", "/containers/create", spec);
    }
    if (first.status !== 201) throw new EngineError(first.status, `docker engine: create from ${opts.image} answered ${first.status}: ${first.body.toString("utf8").trim()}`);
    const created = JSON.parse(first.body.toString("utf8"));
    const id: string = created.Id;
    try {
      await this.ok("PUT", `/containers/${id}/archive?path=${encodeURIComponent(opts.dir)}`, tarOf(opts.files), "application/x-tar");
      await this.ok("POST", `/containers/${id}/start`);
      const waited = JSON.parse((await this.ok("POST", `/containers/${id}/wait`, undefined, undefined, opts.timeoutMs)).toString("utf8"));
      const logs = await this.ok("GET", `/containers/${id}/logs?stdout=1&stderr=1`);
      const { stdout, stderr } = demux(logs);
      return { code: waited.StatusCode ?? 1, stdout, stderr };
    } finally {
      await this.call("DELETE", `/containers/${id}?force=1`).catch(() => undefined);
    }
  }
}

/** A ustar archive of regular files (names up to 100 bytes) for PUT /containers/{id}/archive. */
export function tarOf(files: Array<{ path: string; content: Buffer; mode?: number }>): Buffer {
  const blocks: Buffer[] = [];
  for (const f of files) {
    if (Buffer.byteLength(f.path) > 100) throw new Error(`tar: name too long: ${f.path}`);
    const h = Buffer.alloc(512, 0);
    const field = (offset: number, length: number, value: string) => h.write(value, offset, length, "ascii");
    field(0, 100, f.path);
    field(100, 8, `${(f.mode ?? 0o644).toString(8).padStart(7, "0")}\0`);
    field(108, 8, "0000000\0");
    field(116, 8, "0000000\0");
    field(124, 12, `${f.content.length.toString(8).padStart(11, "0")}\0`);
    field(136, 12, `${Math.floor(Date.now() / 1000).toString(8).padStart(11, "0")}\0`);
    field(148, 8, "        ");
    field(156, 1, "0");
    field(257, 6, "ustar\0");
    field(263, 2, "00");
    let sum = 0;
    for (const b of h) sum += b;
    field(148, 8, `${sum.toString(8).padStart(6, "0")}\0 `);
    blocks.push(h, f.content, Buffer.alloc((512 - (f.content.length % 512)) % 512, 0));
  }
  blocks.push(Buffer.alloc(1024, 0));
  return Buffer.concat(blocks);
}

/** Splits the engine's multiplexed log stream (8-byte frame headers: stream, 0, 0, 0, size) of a container without a TTY. */
export function demux(raw: Buffer): { stdout: string; stderr: string } {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  let i = 0;
  while (i + 8 <= raw.length) {
    const stream = raw[i];
    const size = raw.readUInt32BE(i + 4);
    const chunk = raw.subarray(i + 8, i + 8 + size);
    (stream === 2 ? err : out).push(chunk);
    i += 8 + size;
  }
  return { stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8") };
}
