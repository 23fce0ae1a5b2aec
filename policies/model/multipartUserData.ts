/**
 * User data in MIME multipart form, as cloud-init reads it (what the cloudinit provider's `getConfig` and
 * hand-written boot configs produce): a `multipart/mixed` message whose parts are cloud-config documents
 * and shell scripts, each maybe base64, their kind from the part's type or its first line
 * (cloudinit/handlers/__init__.py: `#!` text/x-shellscript, `#cloud-config`, `#cloud-boothook`). It is
 * turned into the one cloud-config document it amounts to, so the rest of the model reads it as any
 * other user data: the cloud-config parts merged as cloud-init merges them by default
 * (cloudinit/handlers/cloud_config.py DEF_MERGERS `dict(replace)+list()+str()`: a top-level key a later
 * part gives again replaces the earlier value whole, mergers/m_dict.py `_do_dict_replace`), the script
 * parts run before its runcmd (cloud-init writes each part as `part-NNN` in the instance's scripts
 * folder, beside cc_runcmd's `runcmd`, and cc_scripts_user runs that folder in sorted order) and boot
 * hooks before its bootcmd (they run as the parts are read, before any module). `#cloud-config-archive`,
 * includes and per-part merge headers are not read.
 */
import { parse as parseYaml, stringify as stringifyYaml } from "yaml";

interface Part {
  type: string;
  body: string;
}

/** Header fields of a MIME entity (folded lines joined), lower-cased names. */
function headersOf(text: string): { headers: Map<string, string>; body: string } {
  const split = /\r?\n\r?\n/.exec(text);
  const head = split ? text.slice(0, split.index) : text;
  const body = split ? text.slice(split.index + split[0].length) : "";
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r?\n[ \t]+/g, " ").split(/\r?\n/)) {
    const m = /^([A-Za-z0-9-]+):\s*(.*)$/.exec(line);
    if (m) headers.set(m[1].toLowerCase(), m[2].trim());
  }
  return { headers, body };
}

function partsOf(text: string, depth = 0): Part[] | undefined {
  const { headers, body } = headersOf(text);
  const type = headers.get("content-type") ?? "";
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  if (!/^multipart\//i.test(type) || !boundary || depth > 4) return undefined;
  const out: Part[] = [];
  const chunks = body.split(new RegExp(`^--${boundary.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?:--)?[ \\t]*\\r?$`, "m")).slice(1, -1);
  for (const chunk of chunks) {
    const entity = chunk.replace(/^\r?\n/, "");
    const nested = partsOf(entity, depth + 1);
    if (nested) {
      out.push(...nested);
      continue;
    }
    const { headers: h, body: b } = headersOf(entity);
    const encoding = (h.get("content-transfer-encoding") ?? "").toLowerCase();
    const decoded = encoding === "base64" ? Buffer.from(b, "base64").toString("utf8") : b.replace(/\r?\n$/, "");
    out.push({ type: (h.get("content-type") ?? "text/plain").split(";")[0].trim().toLowerCase(), body: decoded });
  }
  return out;
}

/** cloud-init's default merge of two cloud-config documents: dict(replace), a later part's top-level key wins whole. */
function merge(a: unknown, b: unknown): unknown {
  const isMap = (v: unknown): v is Record<string, unknown> => !!v && typeof v === "object" && !Array.isArray(v);
  if (!isMap(a) || !isMap(b)) return b;
  return { ...a, ...b };
}

/** The cloud-config document MIME multipart user data amounts to; undefined when the text is not multipart. */
export function multipartAsCloudConfig(text: string): string | undefined {
  if (!/^(MIME-Version|Content-Type):/im.test(text.slice(0, 512)) || !/multipart\//i.test(text.slice(0, 2048))) return undefined;
  const parts = partsOf(text);
  if (!parts) return undefined;
  let doc: unknown = {};
  const scripts: string[] = [];
  const hooks: string[] = [];
  for (const p of parts) {
    const body = p.body;
    // cloud-init also picks a part's kind from its first line when the type is generic (text/plain, octet-stream).
    const kind = p.type === "text/cloud-config" || /^#cloud-config/.test(body) ? "config" : /^text\/(x-shellscript|cloud-boothook)/.test(p.type) || /^#!/.test(body) || /^#cloud-boothook/.test(body) ? "script" : undefined;
    if (kind === "config") {
      try {
        doc = merge(doc, parseYaml(body.replace(/^#cloud-config[^\n]*\n/, ""), { merge: true }) ?? {});
      } catch {
        continue;
      }
    } else if (kind === "script") {
      if (p.type === "text/cloud-boothook" || /^#cloud-boothook/.test(body)) hooks.push(body.replace(/^#cloud-boothook[^\n]*\n/, ""));
      else scripts.push(body);
    }
  }
  const d = (doc && typeof doc === "object" ? doc : {}) as Record<string, unknown>;
  if (hooks.length) d.bootcmd = [...hooks.map((s) => ["sh", "-c", s]), ...(Array.isArray(d.bootcmd) ? d.bootcmd : [])];
  if (scripts.length) d.runcmd = [...scripts.map((s) => ["sh", "-c", s]), ...(Array.isArray(d.runcmd) ? d.runcmd : [])];
  return `#cloud-config\n${stringifyYaml(d, { lineWidth: 0 })}`;
}
