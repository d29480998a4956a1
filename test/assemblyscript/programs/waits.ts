// sigtimedwait woken from outside, then timing out; sleep interrupted.
import { print, sigprocmask, sigtimedwait, SigSet, SigInfo, Timespec, sigaddset, errno, EAGAIN,
  SIG_BLOCK, SIGUSR1, SIGUSR2 } from "wasig/assembly";

const set = new SigSet();
sigaddset(set, SIGUSR1);
sigprocmask(SIG_BLOCK, set);
print("ready");
const info = new SigInfo();
const sig = sigtimedwait(set, info, new Timespec(20, 0));
print("got " + sig.toString() + " code " + info.si_code.toString() + " pid " + info.si_pid.toString());
const set2 = new SigSet();
sigaddset(set2, SIGUSR2);
const r = sigtimedwait(set2, null, new Timespec(0, 200000000));
print("timeout " + r.toString() + " " + (errno == EAGAIN ? "EAGAIN" : errno.toString()));
