// Signals in AssemblyScript: the C examples' tour in one program.
//   ./build.sh && npx wasig run tour.wasm [seconds to wait for SIGUSR2, 1]
//   (then, from another terminal: kill -USR1 <pid of wasig>; Ctrl+C stops it)
import {
  sigaction, SigAction, SigInfo, SigSet, sigaddset, sigprocmask, sigtimedwait, Timespec,
  alarm, args, getpid, print, strsignal, errno, EAGAIN, SIG_BLOCK, SIG_UNBLOCK, SA_SIGINFO, SA_RESTART,
  SIGINT, SIGTERM, SIGUSR1, SIGUSR2, SIGALRM,
} from "wasig/assembly";

// Handlers are top-level functions; they run at the program's safe points:
// its signal calls and blocking calls, and every loop header (the transform).
let stop = 0;
let steps: u64 = 0;
function onStop(sig: i32): void { stop = sig; }
function onProgress(sig: i32, info: SigInfo): void {
  print("tour: " + steps.toString() + " steps so far (asked by pid " + info.si_pid.toString() + ")");
}

const act = new SigAction();
act.sa_handler = onStop;
act.sa_flags = SA_RESTART;
sigaction(SIGINT, act);
sigaction(SIGTERM, act);
sigaction(SIGALRM, act);
const info = new SigAction();
info.sa_sigaction = onProgress;
info.sa_flags = SA_SIGINFO;
sigaction(SIGUSR1, info);

// 1. A bounded wait: SIGUSR2 blocked and taken with sigtimedwait.
const set = new SigSet();
sigaddset(set, SIGUSR2);
sigprocmask(SIG_BLOCK, set);
const a = args();
const wait = a.length > 1 ? I64.parseInt(a[1]) : 1;
print("tour: pid " + getpid().toString() + ", waiting up to " + wait.toString() + " s for SIGUSR2");
const got = sigtimedwait(set, null, new Timespec(wait, 0));
print(got > 0 ? "tour: got " + strsignal(got) : "tour: no SIGUSR2 (" + (errno == EAGAIN ? "EAGAIN" : "?") + ")");
sigprocmask(SIG_UNBLOCK, set);

// 2. A computation that calls nothing: SIGUSR1 reports progress from inside
// it, SIGINT or SIGTERM stops it, and an alarm bounds it.
alarm(60);
print("tour: computing; SIGUSR1 for progress, Ctrl+C or SIGTERM to stop");
let x: u64 = 1;
while (!stop) {
  x = x * 6364136223846793005 + 1442695040888963407;
  steps++;
}
print("tour: stopped by " + strsignal(stop) + " after " + steps.toString() + " steps" + (x ? "" : "."));
