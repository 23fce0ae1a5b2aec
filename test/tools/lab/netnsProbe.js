// A client for the action fence's lab: `tcp|udp HOST PORT`; prints "ok" if the stand-in answered
// within 700 ms, "blocked" otherwise. One attempt, bounded.
const net = require("node:net");
const dgram = require("node:dgram");
const [proto, host, port] = process.argv.slice(2);
const done = (r) => { process.stdout.write(r); process.exit(0); };
setTimeout(() => done("blocked"), 700);
if (proto === "udp") {
  const s = dgram.createSocket("udp4");
  s.on("message", (m) => done(String(m).trim() === "ok" ? "ok" : "blocked"));
  s.on("error", () => done("blocked"));
  s.send("q", Number(port), host);
} else {
  const s = net.connect({ host, port: Number(port) });
  s.on("data", (d) => done(String(d).trim() === "ok" ? "ok" : "blocked"));
  s.on("error", () => done("blocked"));
}
