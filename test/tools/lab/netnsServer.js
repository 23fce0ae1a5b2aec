// A stand-in service for the action fence's network-namespace lab: answers "ok" on every TCP port given
// (IPv4 and IPv6, all addresses of its namespace) and on UDP port 53 (IPv4). Run inside a namespace the
// lab created; it exits when its parent closes stdin.
const net = require("node:net");
const dgram = require("node:dgram");
const ports = process.argv.slice(2).map(Number);
for (const port of ports) {
  net.createServer((s) => s.end("ok\n")).listen({ port, host: "::", ipv6Only: false });
}
const dns = dgram.createSocket("udp4");
dns.on("message", (_msg, from) => dns.send("ok\n", from.port, from.address));
dns.bind(53);
process.stdin.on("end", () => process.exit(0));
process.stdin.resume();
setTimeout(() => process.stdout.write("listening\n"), 200);
