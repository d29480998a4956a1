/* An event loop built on sigwaitinfo(): the signals are blocked and taken as
 * events in the main loop, with their siginfo (the signalfd idea), so no
 * code runs in handlers at all. A 1 s interval timer gives it a heartbeat. */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

int main(void) {
  setvbuf(stdout, NULL, _IOLBF, 0);
  sigset_t events;
  sigemptyset(&events);
  int sigs[] = {SIGHUP, SIGINT, SIGTERM, SIGUSR1, SIGUSR2, SIGWINCH, SIGALRM};
  for (unsigned i = 0; i < sizeof sigs / sizeof *sigs; i++) sigaddset(&events, sigs[i]);
  sigprocmask(SIG_BLOCK, &events, NULL);

  struct itimerval beat = {{1, 0}, {1, 0}};
  setitimer(ITIMER_REAL, &beat, NULL);
  printf("eventloop: pid %d waiting for events (HUP reloads, USR1/USR2 count, TERM/INT quit)\n", getpid());
  int beats = 0, reloads = 0, users = 0;
  for (;;) {
    siginfo_t si;
    int sig = sigwaitinfo(&events, &si);
    if (sig < 0) continue;
    switch (sig) {
      case SIGALRM: beats++; break;
      case SIGHUP: printf("eventloop: SIGHUP from pid %d: reloading configuration (%d)\n", si.si_pid, ++reloads); break;
      case SIGUSR1: case SIGUSR2: printf("eventloop: %s (%d user events)\n", strsignal(sig), ++users); break;
      case SIGWINCH: printf("eventloop: window size changed\n"); break;
      default:
        printf("eventloop: %s: quitting after %d heartbeats, %d reloads, %d user events\n", strsignal(sig), beats, reloads, users);
        return 0;
    }
  }
}
