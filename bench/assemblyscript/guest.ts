// The AssemblyScript bench guest (bench/assemblyscript.mjs), built with the
// wasig transform and once without its loop safe points (mk/bench.mk).
//   guest busy          SIGUSR1 handler prints a line; spins in a loop that
//                       calls nothing (the transform's safe points)
//   guest raise B N     B batches of N raise(SIGUSR1) to its own handler:
//                       prints "raise" and B ns/call figures, then the count
//   guest loop R N      R timed passes of two tight loops of N iterations
//                       and of a naive recursion of about N calls: prints
//                       "lcg", "sum" and "fib" with R ns/iteration (call)
//                       figures
import { args, print, raise, signal, SIGUSR1 } from "wasig/assembly";

let count = 0;
function onCount(sig: i32): void { count++; }
function onBusy(sig: i32): void { print("h"); }

function nowNs(): f64 { return performance.now() * 1e6; }

function busy(): void {
  signal(SIGUSR1, onBusy);
  print("ready");
  let x: u32 = 1;
  for (;;) { x = x * 1103515245 + 12345; }
}

function raiseMode(batches: i32, n: i32): void {
  signal(SIGUSR1, onCount);
  let out = "raise";
  for (let b = 0; b < batches; b++) {
    const t0 = nowNs();
    for (let i = 0; i < n; i++) raise(SIGUSR1);
    out += " " + ((nowNs() - t0) / <f64>n).toString();
  }
  print(out);
  print("count " + count.toString());
}

function lcg(n: i32, seed: u64): u64 {
  let x = seed;
  for (let i = 0; i < n; i++) x = x * 6364136223846793005 + 1442695040888963407;
  return x;
}

const data = new StaticArray<i32>(1 << 16);

function sum(n: i32, seed: u64): u64 {
  let s: i64 = <i64>seed;
  for (let i = 0; i < n; i++) s += unchecked(data[i & 0xffff]);
  return <u64>s;
}

function fib(n: i32): i32 { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

// fib(13) makes 753 calls (2 fib(14) - 1): n / 753 of them are n calls
// to within 0.01%.
function fibs(n: i32, seed: u64): u64 {
  let s = seed;
  for (let i = 0, k = n / 753; i < k; i++) s += <u64>fib(13 + (n >>> 30)); // n >>> 30 is 0 here, unknown to the compiler
  return s;
}

type Kernel = (n: i32, seed: u64) => u64;

function loopMode(rounds: i32, n: i32, swap: bool): void {
  for (let i = 0; i < data.length; i++) unchecked(data[i] = i * 7);
  // Called through function values chosen at run time, so that no build
  // inlines a kernel into this function, which runs once: an engine
  // replaces a function's code with its optimized tier only at a call.
  const kernels: Kernel[] = swap ? [fibs, sum, lcg] : [lcg, sum, fibs];
  const names = swap ? ["fib", "sum", "lcg"] : ["lcg", "sum", "fib"];
  const lines = names.slice(0);
  let sink: u64 = 0;
  for (let w = 0; w < 40; w++) for (let k = 0; k < kernels.length; k++) sink += kernels[k](100000, <u64>w);
  for (let r = 0; r < rounds; r++) {
    for (let k = 0; k < kernels.length; k++) {
      const t0 = nowNs();
      sink += kernels[k](n, <u64>r);
      lines[k] += " " + ((nowNs() - t0) / <f64>n).toString();
    }
  }
  for (let k = 0; k < lines.length; k++) print(lines[k]);
  print("sink " + sink.toString());
}

const a = args();
const mode = a.length > 1 ? a[1] : "busy";
if (mode == "busy") busy();
else if (mode == "raise") raiseMode(I32.parseInt(a[2]), I32.parseInt(a[3]));
else if (mode == "loop") loopMode(I32.parseInt(a[2]), I32.parseInt(a[3]), a.length > 4);
else print("usage: guest busy | raise B N | loop R N");
