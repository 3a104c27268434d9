// Runs a language guest transpiled by `jco transpile` (a reference host, not
// this runtime) and checks what every export of airssys:lang-demo/demo
// returns. Usage: node lang-check.mjs <transpiled .js file>. Exits non-zero
// with the first mismatch. Run by `crates/guests/build-lang.sh --check`.
import assert from "node:assert/strict";
import { pathToFileURL } from "node:url";

const file = process.argv[2];
if (!file) {
  console.error("usage: node lang-check.mjs <transpiled component .js>");
  process.exit(2);
}
const guest = await import(pathToFileURL(file).href);
const demo = guest.demo ?? guest["airssys:lang-demo/demo@0.1.0"];
assert.ok(demo, `${file} exports no airssys:lang-demo/demo interface`);

assert.equal(demo.greet("world"), "Hello, world!");
assert.equal(demo.greet("Zoë ✓"), "Hello, Zoë ✓!");
assert.deepEqual(demo.shoutSorted(["pear", "apple", "fig"]), ["APPLE", "FIG", "PEAR"]);
assert.deepEqual(demo.shoutSorted([]), []);
assert.deepEqual(demo.birthday({ name: "Ada", age: 36, tags: ["math"] }), {
  name: "Ada",
  age: 37,
  tags: ["math", "seen"],
});
assert.deepEqual(
  demo.summarize([
    { name: "Ada", age: 36, tags: [] },
    { name: "Alan", age: 41, tags: ["x"] },
  ]),
  { count: 2, totalAge: 77, names: ["Ada", "Alan"] },
);
const before = BigInt(Date.now());
const now = demo.nowMillis();
const after = BigInt(Date.now());
assert.equal(typeof now, "bigint");
assert.ok(now >= before - 1000n && now <= after + 1000n, `now-millis ${now} is not near the host's ${before}`);
console.log(`${file}: all exports return what they should`);
