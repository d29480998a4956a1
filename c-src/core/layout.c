/* The layout table: every offset, size and constant the host needs, read at
 * load time so that no number is copied by hand across the boundary. */
#include <stddef.h>
#include "boundary.h"

typedef struct { const char *name; int32_t value; } entry;

#define OFF(name, field) {name, (int32_t)offsetof(wasig_proc, field)}
#define K(name) {#name, WASIG_##name}

static const entry table[] = {
    {"proc.size", (int32_t)sizeof(wasig_proc)},
    {"info.size", (int32_t)sizeof(wasig_info)},
    {"ring.max", WASIG_RING_MAX},
    {"rtq.max", WASIG_RTQ_MAX},
    OFF("mb.tripped", mb.tripped),
    OFF("mb.wake", mb.wake),
    OFF("mb.head", mb.head),
    OFF("mb.tail", mb.tail),
    OFF("mb.ring", mb.ring),
    OFF("pid", pid),
    OFF("uid", uid),
    OFF("stopped", stopped),
    OFF("wakeup_fd", wakeup_fd),
    OFF("wakeup_flags", wakeup_flags),
    OFF("last_action", last_action),
    OFF("last_handler", last_handler),
    OFF("last_flags", last_flags),
    OFF("blocked", blocked),
    OFF("pending", pending),
    OFF("old_mask", old_mask),
    OFF("out", out),
    OFF("out_d", out_d),
    {"info.signo", (int32_t)offsetof(wasig_info, signo)},
    {"info.code", (int32_t)offsetof(wasig_info, code)},
    {"info.errno", (int32_t)offsetof(wasig_info, err)},
    {"info.pid", (int32_t)offsetof(wasig_info, pid)},
    {"info.uid", (int32_t)offsetof(wasig_info, uid)},
    {"info.status", (int32_t)offsetof(wasig_info, status)},
    {"info.band", (int32_t)offsetof(wasig_info, band)},
    {"info.value", (int32_t)offsetof(wasig_info, value)},
    K(NSIG), K(SIGRTMIN), K(SIGRTMAX),
    /* Each standard signal by name, for hosts and interface files that
     * name them (wasm/wit/signals.wit is checked against these). */
    K(SIGHUP), K(SIGINT), K(SIGQUIT), K(SIGILL), K(SIGTRAP), K(SIGABRT), K(SIGBUS),
    K(SIGFPE), K(SIGKILL), K(SIGUSR1), K(SIGSEGV), K(SIGUSR2), K(SIGPIPE), K(SIGALRM),
    K(SIGTERM), K(SIGSTKFLT), K(SIGCHLD), K(SIGCONT), K(SIGSTOP), K(SIGTSTP), K(SIGTTIN),
    K(SIGTTOU), K(SIGURG), K(SIGXCPU), K(SIGXFSZ), K(SIGVTALRM), K(SIGPROF), K(SIGWINCH),
    K(SIGIO), K(SIGPWR), K(SIGSYS),
    K(EINTR), K(ESRCH), K(EAGAIN), K(EINVAL),
    K(SI_USER), K(SI_KERNEL), K(SI_QUEUE), K(SI_TIMER), K(SI_TKILL),
    K(SA_SIGINFO), K(SA_RESTART), K(SA_NODEFER), {"SA_RESETHAND", (int32_t)WASIG_SA_RESETHAND},
    K(DISP_DFL), K(DISP_IGN), K(DISP_HANDLER),
    K(ACT_NONE), K(ACT_HANDLER), K(ACT_TERM), K(ACT_CORE), K(ACT_STOP), K(ACT_CONT),
    K(ACT_IGN), K(ACT_RACE),
    K(SIG_BLOCK), K(SIG_UNBLOCK), K(SIG_SETMASK),
    K(ITIMER_REAL), K(ITIMER_VIRTUAL), K(ITIMER_PROF),
    K(FD_IN), K(FD_OUT), K(FD_HUP), K(TTY_FD),
    K(TTY_IFLAG), K(TTY_OFLAG), K(TTY_CFLAG), K(TTY_LFLAG), K(TTY_ISPEED), K(TTY_OSPEED), K(TTY_LINE),
    K(TTY_ROWS), K(TTY_COLS), K(TTY_XPIXEL), K(TTY_YPIXEL), K(TTY_PGRP), K(TTY_CC), K(TTY_NCCS),
    K(TTY_WORDS), K(TTY_GET), K(TTY_SET_NOW), K(TTY_SET_DRAIN), K(TTY_SET_FLUSH), K(TTY_WINSZ),
    K(TTY_PGRP_SET), K(TTY_FLUSH), K(ENOTTY), K(EPERM),
    K(FILE_STAT), K(FILE_LSTAT), K(FILE_CHMOD), K(FILE_ACCESS), K(FILE_MODE), K(FILE_UID), K(FILE_GID),
    K(FILE_INO), K(FILE_WORDS), K(ENOENT), K(EIO), K(EBADF), K(EACCES), K(EFAULT), K(ENOTDIR), K(ETXTBSY),
    K(EROFS), K(ENAMETOOLONG), K(ENOSYS), K(ELOOP),
    {0, 0},
};

const int32_t *wasig_layout(void) { return (const int32_t *)(const void *)table; }
