/* The program's lifecycle as on Linux: constructors once, environ, files in
 * a host directory, atexit handlers and stdio flushed once at exit — after
 * main returns, after exit(), and after exit() from a signal handler, also
 * when a read of stdin waited before.
 * argv[1]: return | exit | handler-exit | stdin ; argv[2]: a directory. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern char **environ;
static int ctors;

__attribute__((constructor)) static void ctor(void) { ctors++; }
static void bye(void) { printf("atexit ran, ctors=%d\n", ctors); }
static void on_usr1(int sig) { (void)sig; printf("handler exits\n"); exit(7); }

int main(int argc, char **argv) {
  const char *how = argc > 1 ? argv[1] : "return";
  atexit(bye);
  /* stdout is a pipe here: fully buffered, so only a flush at exit shows it. */
  printf("ctors=%d\n", ctors);
  int n = 0;
  for (char **e = environ; *e; e++) if (!strncmp(*e, "LIFE_", 5)) { printf("env %s\n", *e); n++; }
  printf("getenv=%s\n", getenv("LIFE_X") ? getenv("LIFE_X") : "(null)");
  if (argc > 2) {
    char path[256];
    snprintf(path, sizeof path, "%s/in.txt", argv[2]);
    FILE *f = fopen(path, "r");
    if (!f) { perror(path); return 3; }
    char line[64] = "";
    if (!fgets(line, sizeof line, f)) line[0] = 0;
    fclose(f);
    printf("read %s", line);
    snprintf(path, sizeof path, "%s/out.txt", argv[2]);
    f = fopen(path, "w");
    if (!f) { perror(path); return 4; }
    fprintf(f, "written by the guest\n");
    fclose(f);
  }
  if (!strcmp(how, "exit")) exit(5);
  if (!strcmp(how, "stdin") || !strcmp(how, "handler-exit")) {
    signal(SIGUSR1, on_usr1);
    printf("waiting\n");
    fflush(stdout);
    char buf[16];
    ssize_t r = read(0, buf, sizeof buf);
    printf("read %zd\n", r);
    if (!strcmp(how, "handler-exit")) pause();
  }
  return 0;
}
