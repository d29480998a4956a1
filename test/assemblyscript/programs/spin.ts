// Spins with default dispositions: the host's signals take their default
// actions (death, stop, continue) at its safe points.
import { print, getpid } from "wasig/assembly";

print("ready " + getpid().toString());
let x: u32 = 0;
for (;;) { x = x * 1103515245 + 12345; }
