// alarm, interval timers, and sleeps that a timer signal ends early.
import { print, signal, alarm, pause, setitimer, getitimer, Itimerval, nanosleep, sleep, Timespec,
  errno, EINTR, SIGALRM, ITIMER_REAL } from "wasig/assembly";

let alarms = 0;
function onAlrm(sig: i32): void { alarms++; }
signal(SIGALRM, onAlrm);

alarm(1);
const left = alarm(1);
print("alarm left " + left.toString());
pause();
print("alarms " + alarms.toString());

const it = new Itimerval();
it.it_value.tv_usec = 50000;
it.it_interval.tv_usec = 50000;
setitimer(ITIMER_REAL, it);
const now = new Itimerval();
getitimer(ITIMER_REAL, now);
print("interval " + now.it_interval.tv_usec.toString() + " armed " + (now.it_value.tv_usec > 0 ? "yes" : "no"));
while (alarms < 4) pause();
setitimer(ITIMER_REAL, new Itimerval());
getitimer(ITIMER_REAL, now);
print("ticks done, disarmed " + (now.it_value.tv_sec == 0 && now.it_value.tv_usec == 0 ? "yes" : "no"));

alarm(1);
const rem = new Timespec();
const r = nanosleep(new Timespec(5, 0), rem);
print("nanosleep " + r.toString() + " " + (errno == EINTR ? "EINTR" : "?") + " rem " + rem.tv_sec.toString());
alarm(1);
print("sleep left " + sleep(4).toString());
