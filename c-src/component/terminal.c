/* The terminal calls of c-src/libc/tty.c, which components link as
 * core-module guests do, on wasig:signals/stdio: one host call of the same
 * meaning as a core-module guest's wasig_tty_js, with the words of that
 * call lifted to the interface's records. Errors are this libc's errno
 * values, negated. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"

static int32_t done(const wit_unit_result *r) { return r->is_err ? -wasig__wit_errno(r->err) : 0; }

/* Standard descriptors the host said are no terminal: which are is fixed
 * when the component starts, and every read and write of stdio asks (job
 * control), so the answer is kept rather than asked again. */
static unsigned char no_tty[3];

int32_t wasig__tty(int32_t fd, int32_t op, int32_t *w) {
  wit_unit_result r;
  if (fd >= 0 && fd < 3 && no_tty[fd]) return -ENOTTY;
  switch (op) {
    case WASIG_TTY_GET: {
      wit_terminal_result t;
      wit_get_terminal(fd, &t);
      if (t.is_err) {
        int e = wasig__wit_errno(t.val.err);
        if (e == ENOTTY && fd >= 0 && fd < 3) no_tty[fd] = 1;
        return -e;
      }
      const wit_terminal *g = &t.val.ok;
      memset(w, 0, WASIG_TTY_WORDS * sizeof *w);
      w[WASIG_TTY_IFLAG] = (int32_t)g->settings.iflag;
      w[WASIG_TTY_OFLAG] = (int32_t)g->settings.oflag;
      w[WASIG_TTY_CFLAG] = (int32_t)g->settings.cflag;
      w[WASIG_TTY_LFLAG] = (int32_t)g->settings.lflag;
      w[WASIG_TTY_LINE] = g->settings.line;
      w[WASIG_TTY_ISPEED] = (int32_t)g->settings.ispeed;
      w[WASIG_TTY_OSPEED] = (int32_t)g->settings.ospeed;
      for (uint32_t i = 0; i < g->settings.ncc && i < WASIG_TTY_NCCS; i++) w[WASIG_TTY_CC + i] = g->settings.cc[i];
      free(g->settings.cc);
      w[WASIG_TTY_ROWS] = g->size.rows;
      w[WASIG_TTY_COLS] = g->size.cols;
      w[WASIG_TTY_XPIXEL] = g->size.xpixel;
      w[WASIG_TTY_YPIXEL] = g->size.ypixel;
      w[WASIG_TTY_PGRP] = g->foreground;
      return 0;
    }
    case WASIG_TTY_SET_NOW: case WASIG_TTY_SET_DRAIN: case WASIG_TTY_SET_FLUSH: {
      uint8_t cc[WASIG_TTY_NCCS];
      for (int i = 0; i < WASIG_TTY_NCCS; i++) cc[i] = (uint8_t)w[WASIG_TTY_CC + i];
      int when = op == WASIG_TTY_SET_NOW ? WIT_SET_NOW : op == WASIG_TTY_SET_DRAIN ? WIT_SET_DRAIN : WIT_SET_FLUSH;
      wit_set_termios(fd, when, w[WASIG_TTY_IFLAG], w[WASIG_TTY_OFLAG], w[WASIG_TTY_CFLAG], w[WASIG_TTY_LFLAG],
                      w[WASIG_TTY_LINE] & 0xff, cc, WASIG_TTY_NCCS, w[WASIG_TTY_ISPEED], w[WASIG_TTY_OSPEED], &r);
      return done(&r);
    }
    case WASIG_TTY_WINSZ:
      wit_set_winsize(fd, w[WASIG_TTY_ROWS] & 0xffff, w[WASIG_TTY_COLS] & 0xffff, w[WASIG_TTY_XPIXEL] & 0xffff,
                      w[WASIG_TTY_YPIXEL] & 0xffff, &r);
      return done(&r);
    case WASIG_TTY_PGRP_SET:
      wit_set_foreground(fd, w[WASIG_TTY_PGRP], &r);
      return done(&r);
    case WASIG_TTY_FLUSH:
      wit_flush_input(fd, &r);
      return done(&r);
    default:
      return -EINVAL;
  }
}
