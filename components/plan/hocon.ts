/**
 * A reader of HOCON text (Lightbend config's format, lightbend/config HOCON.md) down to the settings
 * it makes: every leaf as a dotted path and its text, as `config.getString(path)` would give it. Teams
 * hand OpenWhisk's controllers and invokers a whole config file (OPENWHISK_CONFIG, or base64 in
 * OPENWHISK_ENCODED_CONFIG: common/scala/transformEnvironment.sh at 1.0.0, 2.0.0, 1fae641), written
 * the way HOCON lets them: nested blocks (`pekko.cluster { downing-provider-class = ... }`), quoted
 * keys, `+=`, comments, triple-quoted values, `${...}` substitutions, the same object given twice.
 *
 * Why not an npm parser: the two on the registry were tried on the forms above. Both merge nested
 * objects and duplicate keys right. `hocon-parser` (1.0.1, "very basic" by its own README, no
 * validation) misreads quoted keys, `+=`, unquoted values with blanks and substitutions, and turns
 * `include classpath("application.conf")` (the first line of upstream's own config template,
 * ansible/roles/controller/templates/config.j2 at 1fae641) into a key. `@pushcorn/hocon-parser` (1.3.1)
 * gets those right but is async only (the policy pack reads synchronously), throws on that same
 * `include classpath(...)`, reads `a|b` as a data transform (its documented divergence from the spec),
 * and resolves includes by reading files and fetching URLs, which a checker must never do with a
 * stack's text. So this is the subset of the spec the pack needs, written once from the spec, and
 * tested against its examples (test/hocon.test.ts):
 * - comments (`#`, `//`), optional root braces, `=` / `:` / nothing before `{`, fields separated by
 *   newlines or commas;
 * - path expressions as keys (`a.b.c`, `"a.b".c`), quoted strings with JSON escapes, triple-quoted
 *   strings, unquoted strings and value concatenation (blanks between pieces kept);
 * - duplicate keys: two objects merge, anything else is replaced by the later value (`a.b = 1` after
 *   `a = 5` replaces it); a substitution given over an earlier value is judged when resolved (an
 *   optional one that is not there leaves the earlier value, one that resolves to an object merges);
 *   object concatenation (`a { x = 1 } { y = 2 }`);
 * - arrays (`[...]`, a leaf per index as `path.0`, `path.1`), `+=`, array and object concatenation;
 * - substitutions `${path}` / `${?path}` resolved against the whole document, then against the
 *   process's environment when one is given; a self-reference (`a = ${a} x`) or `+=` sees the value
 *   the field had before it, blocks that name the same object again included;
 *   an optional one that resolves to nothing leaves the field out;
 * - `include ...` is read and skipped: the files it names (the image's application.conf, files on the
 *   host) are not in the text; what the text sets is still read.
 * Text that is not HOCON throws HoconSyntaxError, naming the line: the JVM would refuse it too.
 */

export class HoconSyntaxError extends Error {}

type Value =
  | { t: "str"; s: string; unquoted?: boolean }
  | { t: "null" }
  | { t: "obj"; m: Map<string, Value> }
  | { t: "arr"; a: Value[] }
  | { t: "subst"; path: string[]; optional: boolean }
  | { t: "concat"; parts: Value[] }
  /** A field given again over a value only resolution can tell is an object or not (HOCON.md "Duplicate keys and object merging": a substitution that resolves to an object merges with one given before it). */
  | { t: "merge"; older: Value; newer: Value };

/** Characters that cannot appear in an unquoted string (HOCON.md "Unquoted strings"). */
const FORBIDDEN = new Set([..."$\"{}[]:=,+#`^?!@*&\\"]);
const INLINE_SPACE = /[ \t\u00a0\ufeff\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/;

class Reader {
  pos = 0;
  /** What each `include` names, as written (`classpath("application.conf")`, `"other.conf"`). */
  readonly includes: string[] = [];
  /** Objects and arrays open at this point: bounded, so hostile nesting is an error, not a stack overflow. */
  depth = 0;
  enter(): void {
    if (++this.depth > 100) this.fail("objects and arrays nested more than 100 deep");
  }
  constructor(readonly text: string) {}

  fail(what: string): never {
    const line = this.text.slice(0, this.pos).split("\n").length;
    throw new HoconSyntaxError(`HOCON line ${line}: ${what}`);
  }
  peek(n = 0): string {
    return this.text[this.pos + n] ?? "";
  }
  startsComment(): boolean {
    return this.peek() === "#" || (this.peek() === "/" && this.peek(1) === "/");
  }
  skipComment(): void {
    while (this.pos < this.text.length && this.peek() !== "\n") this.pos++;
  }
  /** Blanks on the line (not newlines), and a comment to the line's end. */
  skipInline(): void {
    for (;;) {
      if (INLINE_SPACE.test(this.peek()) || this.peek() === "\r") this.pos++;
      else if (this.startsComment()) this.skipComment();
      else return;
    }
  }
  /** Blanks, newlines and comments. */
  skipAll(): void {
    for (;;) {
      this.skipInline();
      if (this.peek() === "\n") this.pos++;
      else return;
    }
  }

  quoted(): string {
    // this.peek() === '"'
    if (this.text.startsWith('"""', this.pos)) {
      const end = this.text.indexOf('"""', this.pos + 3);
      if (end < 0) this.fail("unterminated triple-quoted string");
      let close = end + 3;
      while (this.text[close] === '"') close++; // extra quotes before the closing three belong to the string
      const s = this.text.slice(this.pos + 3, close - 3);
      this.pos = close;
      return s;
    }
    this.pos++;
    let s = "";
    for (;;) {
      const c = this.peek();
      if (c === "" || c === "\n") this.fail("unterminated quoted string");
      this.pos++;
      if (c === '"') return s;
      if (c !== "\\") {
        s += c;
        continue;
      }
      const e = this.peek();
      this.pos++;
      const simple: Record<string, string> = { '"': '"', "\\": "\\", "/": "/", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" };
      if (e in simple) s += simple[e];
      else if (e === "u" && /^[0-9a-fA-F]{4}$/.test(this.text.slice(this.pos, this.pos + 4))) {
        s += String.fromCharCode(parseInt(this.text.slice(this.pos, this.pos + 4), 16));
        this.pos += 4;
      } else this.fail(`bad escape \\${e}`);
    }
  }

  unquoted(): string {
    const start = this.pos;
    while (this.pos < this.text.length) {
      const c = this.peek();
      if (FORBIDDEN.has(c) || INLINE_SPACE.test(c) || c === "\n" || c === "\r" || (c === "/" && this.peek(1) === "/")) break;
      this.pos++;
    }
    return this.text.slice(start, this.pos);
  }

  /** A key's path expression, up to `=`, `:`, `+=` or `{` (a substitution's path: up to `}`). */
  key(inSubstitution = false): string[] {
    const path: string[] = [];
    let segment = "";
    let any = false;
    const blanks = () => {
      const start = this.pos;
      while (INLINE_SPACE.test(this.peek())) this.pos++;
      return this.text.slice(start, this.pos);
    };
    blanks();
    for (;;) {
      const c = this.peek();
      if (c === '"') {
        segment += this.quoted();
        any = true;
      } else if (c === ".") {
        if (!any) this.fail("empty key segment");
        path.push(segment);
        segment = "";
        any = false;
        this.pos++;
      } else {
        const word = this.unquoted();
        if (word) {
          const parts = word.split(".");
          segment += parts[0];
          any = any || parts[0] !== "";
          for (const p of parts.slice(1)) {
            if (!any) this.fail("empty key segment");
            path.push(segment);
            segment = p;
            any = p !== "";
          }
          continue;
        }
        const space = blanks();
        const next = this.peek();
        if (inSubstitution ? next === "}" : next === "=" || next === ":" || next === "{" || (next === "+" && this.peek(1) === "=")) break;
        if (!space) this.fail(`unexpected ${JSON.stringify(next || "end of text")} in a key`);
        segment += space; // blanks inside a key are part of it
      }
    }
    if (!any) this.fail("a key is missing");
    path.push(segment);
    return path;
  }

  /** One value: a concatenation of pieces on one line. */
  value(): Value {
    const parts: Value[] = [];
    for (;;) {
      const c = this.peek();
      if (c === "" || c === "\n" || c === "," || c === "}" || c === "]" || this.startsComment()) break;
      if (INLINE_SPACE.test(c) || c === "\r") {
        const start = this.pos;
        while (INLINE_SPACE.test(this.peek()) || this.peek() === "\r") this.pos++;
        parts.push({ t: "str", s: this.text.slice(start, this.pos).replace(/\r/g, ""), unquoted: true });
      } else if (c === '"') parts.push({ t: "str", s: this.quoted() });
      else if (c === "{") parts.push(this.object(true));
      else if (c === "[") parts.push(this.array());
      else if (c === "$" && this.peek(1) === "{") parts.push(this.substitution());
      else {
        const word = this.unquoted();
        if (!word) this.fail(`unexpected ${JSON.stringify(c)} in a value`);
        parts.push(word === "null" ? { t: "null" } : { t: "str", s: word, unquoted: true });
      }
    }
    // Blanks before the first and after the last piece are not part of the value.
    while (parts.length && parts[0].t === "str" && parts[0].unquoted && !parts[0].s.trim()) parts.shift();
    while (parts.length && parts[parts.length - 1].t === "str" && (parts[parts.length - 1] as { unquoted?: boolean }).unquoted && !(parts[parts.length - 1] as { s: string }).s.trim()) parts.pop();
    if (parts.length === 0) this.fail("a value is missing");
    return parts.length === 1 ? parts[0] : { t: "concat", parts };
  }

  substitution(): Value {
    this.pos += 2;
    const optional = this.peek() === "?";
    if (optional) this.pos++;
    const path = this.key(true);
    if (this.peek() !== "}") this.fail("unterminated substitution");
    this.pos++;
    return { t: "subst", path: path.map((s) => s.trim()), optional };
  }

  array(): Value {
    this.enter();
    this.pos++; // [
    const a: Value[] = [];
    for (;;) {
      this.skipAll();
      if (this.peek() === "]") {
        this.pos++;
        this.depth--;
        return { t: "arr", a };
      }
      if (this.peek() === "") this.fail("unterminated array");
      a.push(this.value());
      this.skipInline();
      if (this.peek() === ",") this.pos++;
    }
  }

  /**
   * An object's fields, between braces or (the root without braces) to the end of the text. `outer`
   * gives the value a full path had before this object opened (the fields read so far around it): a
   * self-reference or `+=` inside a block that names an object again sees what the earlier block set.
   */
  object(braced: boolean, prefix: string[] = [], outer?: Before): Value {
    this.enter();
    if (braced) this.pos++;
    const m = new Map<string, Value>();
    const obj: Value = { t: "obj", m };
    const before: Before = (full) => {
      const rel = full.slice(prefix.length);
      const here = lookupPartial(m, rel);
      const out = outer?.(full);
      if (here === BLOCKED) return undefined; // a non-object given here hides what was beneath it before
      if (here === undefined) return out;
      return out === undefined ? here : merge(out, here);
    };
    // One comma may follow a field (HOCON.md "Commas": a trailing comma is allowed, but a
    // leading comma or two in a row are not; the JVM refuses such a file).
    let comma = true;
    for (;;) {
      this.skipAll();
      const c = this.peek();
      if (c === ",") {
        if (comma) this.fail("a comma with no field before it");
        comma = true;
        this.pos++;
        continue;
      }
      comma = false;
      if (c === "}") {
        if (!braced) this.fail("unexpected }");
        this.pos++;
        this.depth--;
        return obj;
      }
      if (c === "") {
        if (braced) this.fail("unterminated object");
        return obj;
      }
      if (this.include()) continue;
      const path = this.key();
      while (INLINE_SPACE.test(this.peek())) this.pos++;
      const op = this.peek();
      let value: Value;
      let append = false;
      const full = [...prefix, ...path];
      if (op === "{") value = this.objectValue(full, before);
      else {
        if (op === "+") {
          append = true;
          this.pos += 2;
        } else this.pos++;
        this.skipInline();
        value = this.peek() === "{" ? this.objectValue(full, before) : this.value();
      }
      // A self-reference sees the value the field had before this one (HOCON.md "Self-Referential Substitutions").
      const earlier = append || selfReferenceCandidate(value) ? before(full) : undefined;
      if (append) value = { t: "concat", parts: [earlier ?? { t: "arr", a: [] }, { t: "arr", a: [value] }] };
      else value = replaceSelf(value, full, earlier);
      setPath(m, path, value);
    }
  }

  /** A field's object value, and what follows it on the line (`a { x = 1 } { y = 2 }`, `a = { x = 1 } ${b}`: a concatenation). */
  objectValue(full: string[], before: Before): Value {
    const o = this.object(true, full, before);
    this.skipInline();
    const c = this.peek();
    if (c === "" || c === "\n" || c === "," || c === "}") return o;
    const rest = this.value();
    return { t: "concat", parts: [o, ...(rest.t === "concat" ? rest.parts : [rest])] };
  }

  /** `include "x"`, `include file("x")`, `include required(classpath("x"))`, ...: read and skipped. */
  include(): boolean {
    const m = /^include[ \t]+(?=["a-z])/.exec(this.text.slice(this.pos, this.pos + 16));
    if (!m) return false;
    const save = this.pos;
    this.pos += m[0].length;
    const rest = /^(?:required\(\s*)?(?:(?:file|classpath|url)\(\s*)?"(?:[^"\\\n]|\\.)*"\s*\)?\s*\)?/.exec(this.text.slice(this.pos));
    if (!rest) {
      this.pos = save;
      return false; // a key named include
    }
    this.includes.push(rest[0].trim());
    this.pos += rest[0].length;
    return true;
  }
}

/** The value a full path had at some point of the text (see Reader.object). */
type Before = (full: string[]) => Value | undefined;

const BLOCKED = Symbol("blocked");
/** The value at a path of a map; BLOCKED when a non-object stands on the way (it replaced whatever was beneath). */
function lookupPartial(m: Map<string, Value>, path: string[]): Value | undefined | typeof BLOCKED {
  let v: Value = { t: "obj", m };
  for (const k of path) {
    if (v.t !== "obj") return v.t === "str" || v.t === "null" || v.t === "arr" ? BLOCKED : undefined;
    const next = v.m.get(k);
    if (next === undefined) return undefined;
    v = next;
  }
  return v;
}


/** Whether a field's value has a substitution replaceSelf may have to answer with the field's earlier value. */
function selfReferenceCandidate(v: Value): boolean {
  return v.t === "subst" || (v.t === "concat" && v.parts.some(selfReferenceCandidate));
}

function replaceSelf(v: Value, path: string[], before: Value | undefined): Value {
  const same = (p: string[]) => p.length === path.length && p.every((s, i) => s === path[i]);
  if (v.t === "subst" && same(v.path)) return before ?? (v.optional ? { t: "concat", parts: [] } : v);
  if (v.t === "concat") return { t: "concat", parts: v.parts.map((p) => replaceSelf(p, path, before)) };
  return v;
}

/** Whether a value is known, before resolution, not to be an object (so an object given after it replaces it). */
function settled(v: Value): boolean {
  return v.t === "str" || v.t === "null" || v.t === "arr" || v.t === "obj";
}

function merge(older: Value | undefined, newer: Value): Value {
  if (older === undefined) return newer;
  // A substitution over anything (an optional one that is not there leaves the earlier value; one that
  // resolves to an object merges with an earlier object), or an object over a substitution: which it is
  // shows only when resolved.
  if (!settled(newer) || (!settled(older) && newer.t === "obj")) return { t: "merge", older, newer };
  if (older.t !== "obj" || newer.t !== "obj") return newer;
  const m = new Map(older.m);
  for (const [k, v] of newer.m) m.set(k, merge(m.get(k), v));
  return { t: "obj", m };
}

function setPath(m: Map<string, Value>, path: string[], value: Value): void {
  const [head, ...rest] = path;
  if (rest.length === 0) {
    m.set(head, merge(m.get(head), value));
    return;
  }
  const child = m.get(head);
  if (child?.t === "obj") {
    const copy: Value = { t: "obj", m: new Map(child.m) };
    m.set(head, copy);
    setPath(copy.m, rest, value);
    return;
  }
  // `a.b = 1` is `a { b = 1 }`: it replaces a non-object, and merges with a substitution that resolves to an object.
  const nested = new Map<string, Value>();
  setPath(nested, rest, value);
  m.set(head, merge(child, { t: "obj", m: nested }));
}

const UNRESOLVED = Symbol("unresolved");
/** A value that needs a variable set on the host, not known here. */
const ON_HOST = Symbol("on host");
type Resolved = Value | undefined | typeof UNRESOLVED | typeof ON_HOST;
/** The process's environment: a variable's value, undefined when it is not set, null when it is set on the host with a value not known here. */
export type HoconEnv = (name: string) => string | undefined | null;

/** The value with every substitution replaced; undefined when an optional one leaves nothing, UNRESOLVED when a required one has no value. */
function resolve(v: Value, root: Map<string, Value>, env: HoconEnv | undefined, seen: Set<Value>): Resolved {
  if (v.t === "str" || v.t === "null") return v;
  if (seen.has(v) || seen.size > 200) return UNRESOLVED; // a cycle, or a chain too long to follow
  seen.add(v);
  try {
    if (v.t === "subst") {
      const found = find(root, v.path, env, seen);
      if (found === UNRESOLVED || found === ON_HOST) return found;
      if (found) return resolve(found, root, env, seen);
      const fromEnv = env?.(v.path.join("."));
      if (fromEnv === null) return ON_HOST;
      if (fromEnv !== undefined) return { t: "str", s: fromEnv };
      return v.optional ? undefined : UNRESOLVED;
    }
    if (v.t === "merge") {
      const newer = resolve(v.newer, root, env, seen);
      if (newer === UNRESOLVED || newer === ON_HOST) return newer;
      if (newer === undefined) return resolve(v.older, root, env, seen); // an optional substitution that is not there
      if (newer.t !== "obj") return newer;
      const older = resolve(v.older, root, env, seen);
      if (older === UNRESOLVED || older === ON_HOST) return older;
      return older?.t === "obj" ? merge(older, newer) : newer;
    }
    if (v.t === "obj") {
      const m = new Map<string, Value>();
      for (const [k, child] of v.m) {
        const r = resolve(child, root, env, seen);
        if (r === UNRESOLVED || r === ON_HOST) return r;
        if (r !== undefined) m.set(k, r);
      }
      return { t: "obj", m };
    }
    if (v.t === "arr") {
      const a: Value[] = [];
      for (const child of v.a) {
        const r = resolve(child, root, env, seen);
        if (r === UNRESOLVED || r === ON_HOST) return r;
        if (r !== undefined) a.push(r);
      }
      return { t: "arr", a };
    }
    // A concatenation: strings join (blanks between pieces kept), arrays concatenate, objects merge.
    const parts: Value[] = [];
    for (const p of v.parts) {
      const r = resolve(p, root, env, seen);
      if (r === UNRESOLVED || r === ON_HOST) return r;
      if (r !== undefined) parts.push(r);
    }
    const solid = parts.filter((p) => !(p.t === "str" && p.unquoted && !p.s.trim()));
    if (solid.length === 0) return parts.length ? { t: "str", s: "" } : undefined;
    if (solid.every((p) => p.t === "arr")) return { t: "arr", a: solid.flatMap((p) => (p as { a: Value[] }).a) };
    if (solid.every((p) => p.t === "obj")) return solid.reduce<Value>((a, b) => merge(a, b), { t: "obj", m: new Map() });
    if (solid.some((p) => p.t === "arr" || p.t === "obj")) return UNRESOLVED; // a string beside an object or array is an error
    return { t: "str", s: parts.map((p) => (p.t === "str" ? p.s : "null")).join("") };
  } finally {
    seen.delete(v);
  }
}

/**
 * The value at a path of the document, resolving on the way what only resolution shows to be an object
 * (`a = ${b}` then `${a.x}`); undefined when the document does not have it.
 */
function find(root: Map<string, Value>, path: string[], env: HoconEnv | undefined, seen: Set<Value>): Value | undefined | typeof UNRESOLVED | typeof ON_HOST {
  let v: Value = { t: "obj", m: root };
  for (const k of path) {
    if (!settled(v)) {
      const r = resolve(v, root, env, seen);
      if (r === UNRESOLVED || r === ON_HOST || r === undefined) return r;
      v = r;
    }
    if (v.t !== "obj") return undefined;
    const next = v.m.get(k);
    if (next === undefined) return undefined;
    v = next;
  }
  return v;
}

function flatten(v: Value, path: string[], out: Map<string, string>): void {
  if (v.t === "str") out.set(path.join("."), v.s);
  else if (v.t === "obj") for (const [k, child] of v.m) flatten(child, [...path, k], out);
  else if (v.t === "arr") v.a.forEach((child, i) => flatten(child, [...path, String(i)], out));
}

/** What HOCON text says: its settings, the files it includes, and how many fields need a substitution nothing answered. */
export interface HoconReading {
  settings: Map<string, string>;
  includes: string[];
  unresolved: number;
  /** Fields (dotted paths) whose value needs a variable set on the host: present, value not known here. */
  onHost: string[];
}

/**
 * The settings HOCON text makes, each leaf as `dotted.path` → its text (array elements as `path.<i>`).
 * `env` answers substitutions the text itself does not (the JVM's environment). A field whose value
 * needs a substitution that nothing answers is left out (its value cannot be known from the text).
 */
export function readHocon(text: string, env?: HoconEnv): HoconReading {
  const reader = new Reader(text.replace(/^\ufeff/, ""));
  reader.skipAll();
  const braced = reader.peek() === "{";
  const root = reader.object(braced);
  if (braced) {
    reader.skipAll();
    if (reader.peek() !== "") reader.fail("text after the root object");
  }
  const rootMap = (root as { m: Map<string, Value> }).m;
  const settings = new Map<string, string>();
  let unresolved = 0;
  const onHost: string[] = [];
  // Leaf by leaf, so one unanswered substitution hides only its own field.
  const walk = (v: Value, path: string[]) => {
    if (v.t === "obj") {
      for (const [k, child] of v.m) walk(child, [...path, k]);
      return;
    }
    const r = resolve(v, rootMap, env, new Set());
    if (r === UNRESOLVED) unresolved++;
    else if (r === ON_HOST) onHost.push(path.join("."));
    else if (r !== undefined) flatten(r, path, settings);
  };
  for (const [k, v] of rootMap) walk(v, [k]);
  return { settings, includes: reader.includes, unresolved, onHost };
}

/** readHocon's settings alone. */
export function hoconSettings(text: string, env?: HoconEnv): Map<string, string> {
  return readHocon(text, env).settings;
}
