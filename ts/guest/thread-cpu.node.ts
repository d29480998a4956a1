// CPU time of the calling thread, for a guest's ITIMER_VIRTUAL and
// ITIMER_PROF: a guest runs on its own worker thread, and its timers count
// that thread's time, not the whole host's. Node 20 has no
// process.threadCpuUsage(); Linux gives the thread's own counters in
// /proc/thread-self: schedstat's first field is its run time in ns (user +
// system, exact), stat's 15th its system time in clock ticks. Elsewhere the
// process's time (process.cpuUsage()) stands in, as documented.
import { openSync, readSync } from 'node:fs';

const TICK_US = 10_000; // USER_HZ is 100 on every Linux ABI Node runs on
let sched = -1, stat = -1;
try {
  sched = openSync('/proc/thread-self/schedstat', 'r');
  stat = openSync('/proc/thread-self/stat', 'r');
} catch { /* not Linux, or no /proc */ }
const buf = Buffer.alloc(1024);
let lastUser = 0, lastProf = 0;

function read(fd: number): string {
  const n = readSync(fd, buf, 0, buf.length, 0);
  return buf.toString('latin1', 0, n);
}

/** Whether the guest's CPU clocks are its own thread's. */
export const threadCpuExact = sched >= 0;

/** Microseconds of CPU: which 1 user time, 2 user + system. */
export function threadCpuUs(which: number): number {
  if (sched < 0) {
    const u = process.cpuUsage();
    return which === 1 ? u.user : u.user + u.system;
  }
  const prof = Number(read(sched).split(' ')[0]) / 1000;
  lastProf = Math.max(lastProf, prof);
  // User time alone needs the second file: clock() and the CPU-time clocks
  // read only the first, at half the cost.
  if (which !== 1) return lastProf;
  // stat: "pid (comm) state ..." — comm may hold spaces: count from the ')'.
  const s = read(stat);
  const sys = Number(s.slice(s.lastIndexOf(')') + 2).split(' ')[12]) * TICK_US;
  // Two counters read at different moments: keep both monotonic.
  lastUser = Math.max(lastUser, Math.min(lastProf, prof - sys));
  return lastUser;
}
