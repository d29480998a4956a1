// Masks, pending, sigsuspend, SA_RESETHAND, SA_NODEFER, SA_SIGINFO and the
// realtime queue, checked in order (the test compares the whole output).
import { print, signal, raise, getpid, sigaction, SigAction, SigInfo, SigSet, sigaddset, sigismember,
  sigprocmask, sigpending, sigsuspend, sigqueue, errno, EINTR, EINVAL, SIG_DFL, SIG_IGN, SIG_ERR,
  SIG_BLOCK, SIG_UNBLOCK, SIG_SETMASK, SA_RESETHAND, SA_NODEFER, SA_SIGINFO, SI_QUEUE, SI_TKILL,
  SIGUSR1, SIGUSR2, SIGKILL, SIGRTMIN, strsignal } from "wasig/assembly";

let log = "";
function onUsr1(sig: i32): void { log += "usr1 "; }
function onUsr2(sig: i32): void {
  log += "usr2<";
  if (log.length < 20) raise(SIGUSR2);
  log += ">";
}
function onRt(sig: i32, info: SigInfo): void {
  log += (sig - SIGRTMIN).toString() + ":" + info.si_value.toString() + (info.si_code == SI_QUEUE ? "q " : "? ");
}
function onInfo(sig: i32, info: SigInfo): void {
  log += "info " + info.si_signo.toString() + " " + (info.si_code == SI_TKILL ? "tkill" : info.si_code.toString()) +
    " " + (info.si_pid == getpid() ? "self" : "other");
}

function check(name: string, ok: bool): void { print((ok ? "ok " : "not ok ") + name); }

// blocked: raise leaves it pending; sigsuspend runs it and restores the mask
signal(SIGUSR1, onUsr1);
const s1 = new SigSet();
sigaddset(s1, SIGUSR1);
sigprocmask(SIG_BLOCK, s1);
raise(SIGUSR1);
check("blocked signal does not run", log == "");
const pend = new SigSet();
sigpending(pend);
check("sigpending has it", sigismember(pend, SIGUSR1) == 1);
const r = sigsuspend(new SigSet());
check("sigsuspend ran it and returned EINTR", r == -1 && errno == EINTR && log == "usr1 ");
const cur = new SigSet();
sigprocmask(SIG_BLOCK, null, cur);
check("sigsuspend restored the mask", sigismember(cur, SIGUSR1) == 1);
log = "";
sigprocmask(SIG_UNBLOCK, s1);
check("nothing left pending", log == "");

// SA_NODEFER nests, SA_RESETHAND resets
const a = new SigAction();
a.sa_handler = onUsr2;
a.sa_flags = SA_NODEFER | SA_RESETHAND;
sigaction(SIGUSR2, a);
signal(SIGUSR2, onUsr2);
const b = new SigAction();
b.sa_handler = onUsr2;
b.sa_flags = SA_NODEFER;
sigaction(SIGUSR2, b);
log = "";
raise(SIGUSR2);
check("SA_NODEFER nests the handler", log.startsWith("usr2<usr2<"));
const c = new SigAction();
c.sa_handler = onUsr1;
c.sa_flags = SA_RESETHAND;
sigaction(SIGUSR1, c);
log = "";
raise(SIGUSR1);
const after = new SigAction();
sigaction(SIGUSR1, null, after);
check("SA_RESETHAND ran once and reset to SIG_DFL", log == "usr1 " && after.sa_handler == SIG_DFL);

// SA_SIGINFO
const d = new SigAction();
d.sa_sigaction = onInfo;
d.sa_flags = SA_SIGINFO;
sigaction(SIGUSR1, d);
log = "";
raise(SIGUSR1);
check("SA_SIGINFO handler gets siginfo", log == "info 10 tkill self");
const old = new SigAction();
sigaction(SIGUSR1, null, old);
check("old action reports SA_SIGINFO", (old.sa_flags & SA_SIGINFO) != 0 && old.sa_sigaction != null);

// realtime queue: values in order, lower signals first
const rt = new SigAction();
rt.sa_sigaction = onRt;
rt.sa_flags = SA_SIGINFO;
sigaction(SIGRTMIN, rt);
sigaction(SIGRTMIN + 1, rt);
const rs = new SigSet();
sigaddset(rs, SIGRTMIN);
sigaddset(rs, SIGRTMIN + 1);
sigprocmask(SIG_BLOCK, rs);
log = "";
sigqueue(getpid(), SIGRTMIN + 1, 1);
sigqueue(getpid(), SIGRTMIN + 1, 2);
sigqueue(getpid(), SIGRTMIN, 3);
sigqueue(getpid(), SIGRTMIN + 1, 4);
sigqueue(getpid(), SIGRTMIN, 5);
sigprocmask(SIG_UNBLOCK, rs);
check("realtime queue order: " + log, log == "0:3q 0:5q 1:1q 1:2q 1:4q ");

// errors and SIG_IGN
check("SIGKILL cannot be caught", signal(SIGKILL, onUsr1) == SIG_ERR && errno == EINVAL);
check("bad signal: EINVAL", raise(99) == -1 && errno == EINVAL);
check("bad how: EINVAL", sigprocmask(7, s1) == -1 && errno == EINVAL);
signal(SIGUSR1, SIG_IGN);
log = "";
raise(SIGUSR1);
check("SIG_IGN ignores", log == "" && signal(SIGUSR1, SIG_DFL) == SIG_IGN);
check("strsignal", strsignal(SIGUSR1) == "User defined signal 1" && strsignal(SIGRTMIN + 2) == "Real-time signal 2");
sigprocmask(SIG_SETMASK, new SigSet());
print("done");
