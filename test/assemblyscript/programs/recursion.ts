// Busy code that runs no loop: a naive recursive fib, called again and
// again by mutual recursion. SIGINT handlers run inside it (the transform's
// entry checks); SIGUSR1 ends it. Its results show the checks change none.
import { signal, print, SIGINT, SIGUSR1 } from "wasig/assembly";

let interrupts = 0;
let stop = false;
function onInt(sig: i32): void { interrupts++; print("interrupt " + interrupts.toString()); }
function onUsr1(sig: i32): void { stop = true; }

function fib(n: i32): i32 { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
// Recursion through a function pointer: the graph reaches it through the
// table. Each round takes milliseconds, so the rounds recursion stays shallow.
const step: (n: i32) => i32 = (n: i32): i32 => fib(n);
function rounds(done: i32, sum: i32): i32 {
  if (stop) { print("fib(20) = " + fib(20).toString() + ", " + done.toString() + " rounds"); return sum; }
  return again(done + 1, sum + step(30));
}
function again(done: i32, sum: i32): i32 { return rounds(done, sum); }

signal(SIGINT, onInt);
signal(SIGUSR1, onUsr1);
print("ready");
rounds(0, 0);
print("stopped after " + interrupts.toString() + " interrupts");
