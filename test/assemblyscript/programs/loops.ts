// Loops of many shapes, each printing what it computed: the transform must
// not change any result (the test runs builds with and without it).
import { print } from "wasig/assembly";

function nested(n: i32): i64 {
  let s: i64 = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) { if ((i ^ j) & 1) continue; s += i * j; }
  return s;
}
function doWhile(n: i32): i32 { let i = 0; do { i += 3; } while (i < n); return i; }
function early(n: i32): i32 { let i = 0; while (true) { if (i * i > n) break; i++; } return i; }
function breaks(n: i32): i32 {
  let c = 0;
  let stop = false;
  for (let i = 0; i < n && !stop; i++) { for (let j = 0; j < n; j++) { if (j > i) break; if (i + j > n) { stop = true; break; } c++; } }
  return c;
}
function floats(n: i32): f64 { let x = 0.5; while (n-- > 0) x = 3.9 * x * (1 - x); return x; }
function strings(n: i32): string { let s = ""; for (let i = 0; i < n; i++) s += String.fromCharCode(65 + i % 26); return s; }
// Small loops the transform repeats (unrolls): a switch and a continue inside.
function switchy(n: i32): i32 {
  let s = 0;
  for (let i = 0; i < n; i++) {
    switch (i % 5) { case 0: s += 1; break; case 1: s ^= i; continue; case 2: s -= 2; break; default: s += i & 3; }
    s = (s * 3) & 0xffff;
  }
  return s;
}
function collatz(n: u64): i32 { let k = 0; while (n != 1) { n = n & 1 ? 3 * n + 1 : n >> 1; k++; } return k; }

print(nested(3000).toString());
print(doWhile(100000).toString());
print(early(1000000).toString());
print(breaks(500).toString());
print(floats(100000).toString());
print(strings(60));
print(collatz(837799).toString());
print(switchy(1001).toString());
let total: i64 = 0;
for (let i: u64 = 1; i < 20000; i++) total += collatz(i);
print(total.toString());
