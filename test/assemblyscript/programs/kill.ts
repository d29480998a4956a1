// sigqueue to another process (args: pid [wait]); with "wait", then waits for
// a reply (SIGUSR2) and says who sent it.
import { print, args, kill, sigqueue, sigprocmask, sigwaitinfo, SigSet, SigInfo, sigaddset, getpid, errno,
  ESRCH, SIG_BLOCK, SIGUSR1, SIGUSR2 } from "wasig/assembly";

const a = args();
const target = I32.parseInt(a[1]);
const set = new SigSet();
sigaddset(set, SIGUSR2);
sigprocmask(SIG_BLOCK, set);
print("sigqueue " + sigqueue(target, SIGUSR1, 77).toString() + " me " + getpid().toString());
print("kill missing " + kill(99999, SIGUSR1).toString() + " " + (errno == ESRCH ? "ESRCH" : errno.toString()));
if (a.length > 2) {
  const info = new SigInfo();
  const sig = sigwaitinfo(set, info);
  print("reply " + sig.toString() + " from " + info.si_pid.toString());
}
