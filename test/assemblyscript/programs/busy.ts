// A busy loop that calls nothing: SIGINT handlers run inside it (the
// transform's loop safe points); SIGUSR1 ends it.
import { signal, print, SIGINT, SIGUSR1 } from "wasig/assembly";

let interrupts = 0;
let stop = false;
function onInt(sig: i32): void { interrupts++; print("interrupt " + interrupts.toString()); }
function onUsr1(sig: i32): void { stop = true; }

signal(SIGINT, onInt);
signal(SIGUSR1, onUsr1);
print("ready");
let x: u64 = 1;
while (!stop) { x = x * 6364136223846793005 + 1442695040888963407; }
print("stopped after " + interrupts.toString() + " interrupts " + (x != 0 ? "x" : "0"));
