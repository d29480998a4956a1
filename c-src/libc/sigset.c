/* Signal sets: sigemptyset ... sigandset, and the conversions between a
 * sigset_t and the 64-bit mask the core and the WIT use (bit n-1 is signal
 * n). Self-contained, so that components (c-src/component), whose signal
 * state is the host's, link the same file. */
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>

#define BIT(s) ((uint64_t)1 << ((s) - 1))

int wasig__valid(int sig) { return sig >= 1 && sig < NSIG; }

/* glibc keeps signals 32 and 33 for itself (thread cancellation, setxid),
 * which is why SIGRTMIN is 34: as there, a program cannot put them in a set,
 * catch, ignore or block them, and sigfillset leaves them out. kill() and
 * sigqueue() still take them, as Linux's do. */
#define RESERVED (BIT(32) | BIT(33))

int wasig__settable(int sig) { return wasig__valid(sig) && !(BIT(sig) & RESERVED); }

uint64_t wasig__unreserved(uint64_t m) { return m & ~RESERVED; }

uint64_t wasig__set(const sigset_t *s) {
  const unsigned char *b = (const unsigned char *)s;
  uint64_t v = 0;
  for (int i = 7; i >= 0; i--) v = (v << 8) | b[i];
  return v;
}

void wasig__to_set(sigset_t *s, uint64_t bits) {
  memset(s, 0, sizeof *s);
  unsigned char *b = (unsigned char *)s;
  for (int i = 0; i < 8; i++) b[i] = (unsigned char)(bits >> (8 * i));
}

static int invalid(void) {
  errno = EINVAL;
  return -1;
}

int sigemptyset(sigset_t *s) { memset(s, 0, sizeof *s); return 0; }
int sigfillset(sigset_t *s) { wasig__to_set(s, ~RESERVED); return 0; }

int sigaddset(sigset_t *s, int sig) {
  if (!wasig__settable(sig)) return invalid();
  wasig__to_set(s, wasig__set(s) | BIT(sig));
  return 0;
}

int sigdelset(sigset_t *s, int sig) {
  if (!wasig__settable(sig)) return invalid();
  wasig__to_set(s, wasig__set(s) & ~BIT(sig));
  return 0;
}

int sigismember(const sigset_t *s, int sig) {
  if (!wasig__valid(sig)) return invalid();
  return (wasig__set(s) & BIT(sig)) != 0;
}

int sigisemptyset(const sigset_t *s) { return wasig__set(s) == 0; }

int sigorset(sigset_t *d, const sigset_t *a, const sigset_t *b) {
  wasig__to_set(d, wasig__set(a) | wasig__set(b));
  return 0;
}

int sigandset(sigset_t *d, const sigset_t *a, const sigset_t *b) {
  wasig__to_set(d, wasig__set(a) & wasig__set(b));
  return 0;
}
