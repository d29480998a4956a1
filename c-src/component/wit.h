/* The imports a C component makes of wasig:signals@0.1.0 (wasm/wit) and of
 * the wasi:io / wasi:clocks functions it waits with, lowered by hand to the
 * component model's canonical ABI (wasm/wit/signals.wit is the source; the
 * layouts below follow its records: docs/wit.md). No wit-bindgen for C is
 * available from apt or npm, and the surface is small: these are the only
 * declarations of that boundary.
 *
 * Canonical ABI in short: scalars and enums/flags flatten to i32/i64; a
 * result that flattens to more than one value is written to memory at a
 * `retptr` the caller passes last; records are laid out field by field,
 * each aligned to its own size, variants/options as a discriminant followed
 * by the payload at the payload's alignment. */
#ifndef WASIG_COMPONENT_WIT_H
#define WASIG_COMPONENT_WIT_H
#include <stdint.h>

#define WIT_CONTROL "wasig:signals/control@0.1.0"
#define WIT_DELIVERY "wasig:signals/delivery@0.1.0"
#define WIT_STDIO "wasig:signals/stdio@0.1.0"
#define WIT_TIMER "wasig:signals/timer@0.1.0"
#define WIT_POLL "wasi:io/poll@0.2.12"
#define WIT_CLOCK "wasi:clocks/monotonic-clock@0.2.12"
#define WIT_EXIT "wasi:cli/exit@0.2.12"
#define WIT_IMPORT(module, name) __attribute__((import_module(module), import_name(name))) extern

/* types.action-flags, bit by bit in declaration order. */
#define WIT_FLAG_SIGINFO 1
#define WIT_FLAG_RESTART 2
#define WIT_FLAG_NODEFER 4
#define WIT_FLAG_RESETHAND 8
#define WIT_FLAG_NOCLDSTOP 16
/* types.disposition, types.mask-how, types.timer-which, types.errno:
 * case indices. */
enum { WIT_DISP_DEFAULT, WIT_DISP_IGNORE, WIT_DISP_CATCH };
enum { WIT_BLOCK, WIT_UNBLOCK, WIT_SET_MASK };
enum { WIT_EPERM, WIT_ESRCH, WIT_EAGAIN, WIT_EINVAL, WIT_ENOTTY };

/* types.action: disposition u8 @0, mask u64 @8, flags u8 @16; 24 bytes. */
typedef struct {
  uint8_t disposition;
  uint64_t mask;
  uint8_t flags;
} wit_action;
/* result<action, errno>: tag u8 @0, payload @8. */
typedef struct {
  uint8_t is_err;
  union { wit_action ok; uint8_t err; } val;
} wit_action_result;
/* result<_, errno>: tag u8 @0, errno u8 @1. */
typedef struct {
  uint8_t is_err;
  uint8_t err;
} wit_unit_result;
/* types.itimer: two u64 nanosecond durations. */
typedef struct {
  uint64_t value;
  uint64_t interval;
} wit_itimer;
typedef struct {
  uint8_t is_err;
  union { wit_itimer ok; uint8_t err; } val;
} wit_itimer_result;
/* types.siginfo: signo u8 @0, then s32/u32 fields @4..@32; 36 bytes. */
typedef struct {
  uint8_t signo;
  int32_t code, pid;
  uint32_t uid;
  int32_t value, overrun, error_number, status, band;
} wit_siginfo;
/* types.delivery: info @0, action @40, restore-mask @64; 72 bytes. */
typedef struct {
  wit_siginfo info;
  wit_action action;
  uint64_t restore_mask;
} wit_delivery;
/* option<delivery>: tag u8 @0, payload @8. */
typedef struct {
  uint8_t is_some;
  wit_delivery val;
} wit_option_delivery;
_Static_assert(sizeof(wit_action) == 24 && sizeof(wit_action_result) == 32, "action layout");
_Static_assert(sizeof(wit_siginfo) == 36 && __builtin_offsetof(wit_delivery, action) == 40, "siginfo layout");
_Static_assert(sizeof(wit_delivery) == 72 && __builtin_offsetof(wit_option_delivery, val) == 8, "delivery layout");
_Static_assert(__builtin_offsetof(wit_itimer_result, val) == 8 && sizeof(wit_itimer_result) == 24, "itimer layout");

/* ---- interface control ---- */
WIT_IMPORT(WIT_CONTROL, "self-pid") int32_t wit_self_pid(void);
WIT_IMPORT(WIT_CONTROL, "self-uid") int32_t wit_self_uid(void);
WIT_IMPORT(WIT_CONTROL, "sigaction")
void wit_sigaction(int32_t sig, int32_t has_new, int32_t disposition, int64_t mask, int32_t flags, wit_action_result *ret);
WIT_IMPORT(WIT_CONTROL, "sigprocmask") int64_t wit_sigprocmask(int32_t how, int64_t set);
WIT_IMPORT(WIT_CONTROL, "sigpending") int64_t wit_sigpending(void);
WIT_IMPORT(WIT_CONTROL, "raise") void wit_raise(int32_t sig, wit_unit_result *ret);
WIT_IMPORT(WIT_CONTROL, "kill") void wit_kill(int32_t pid, int32_t sig, wit_unit_result *ret);
WIT_IMPORT(WIT_CONTROL, "sigqueue") void wit_sigqueue(int32_t pid, int32_t sig, int32_t value, wit_unit_result *ret);
WIT_IMPORT(WIT_CONTROL, "setitimer")
void wit_setitimer(int32_t which, int64_t value, int64_t interval, wit_itimer_result *ret);
WIT_IMPORT(WIT_CONTROL, "getitimer") void wit_getitimer(int32_t which, wit_itimer *ret);
WIT_IMPORT(WIT_CONTROL, "alarm") int32_t wit_alarm(int32_t seconds);

/* ---- interface timer ---- */
/* timer.clock: case indices. */
enum { WIT_CLOCK_REALTIME, WIT_CLOCK_MONOTONIC, WIT_CLOCK_CPUTIME };
/* result<timer-id, errno> and result<s32, errno>: tag u8 @0, payload @4. */
typedef struct {
  uint8_t is_err;
  union { int32_t ok; uint8_t err; } val;
} wit_i32_result;
/* timespec: seconds u64 @0, nanoseconds u32 @8; 16 bytes. itimerspec:
 * value @0, interval @16. result<itimerspec, errno>: payload @8. */
typedef struct {
  uint64_t seconds;
  uint32_t nanoseconds;
} wit_timespec;
typedef struct {
  wit_timespec value, interval;
} wit_itimerspec;
typedef struct {
  uint8_t is_err;
  union { wit_itimerspec ok; uint8_t err; } val;
} wit_itimerspec_result;
_Static_assert(sizeof(wit_i32_result) == 8 && __builtin_offsetof(wit_i32_result, val) == 4, "i32 result layout");
_Static_assert(sizeof(wit_itimerspec) == 32 && __builtin_offsetof(wit_itimerspec_result, val) == 8, "itimerspec layout");
/* event: option<notify>, flattened: the option's tag, the variant's tag
 * (0 none, 1 signal), then the sigevent's signo and value. */
WIT_IMPORT(WIT_TIMER, "timer-create")
void wit_timer_create(int32_t clock, int32_t has_event, int32_t notify, int32_t signo, int32_t value, wit_i32_result *ret);
WIT_IMPORT(WIT_TIMER, "timer-settime")
void wit_timer_settime(int32_t id, int32_t absolute, int64_t value_s, int32_t value_ns, int64_t interval_s,
                       int32_t interval_ns, wit_itimerspec_result *ret);
WIT_IMPORT(WIT_TIMER, "timer-gettime") void wit_timer_gettime(int32_t id, wit_itimerspec_result *ret);
WIT_IMPORT(WIT_TIMER, "timer-getoverrun") void wit_timer_getoverrun(int32_t id, wit_i32_result *ret);
WIT_IMPORT(WIT_TIMER, "timer-delete") void wit_timer_delete(int32_t id, wit_unit_result *ret);

/* ---- interface delivery: resource subscription ---- */
/* interest: tag 0 deliverable, 1 waiting(sigset). Returns an own handle. */
WIT_IMPORT(WIT_DELIVERY, "[constructor]subscription") int32_t wit_subscription_new(int32_t tag, int64_t set);
WIT_IMPORT(WIT_DELIVERY, "[method]subscription.subscribe") int32_t wit_subscription_subscribe(int32_t self);
WIT_IMPORT(WIT_DELIVERY, "[method]subscription.take") void wit_subscription_take(int32_t self, wit_option_delivery *ret);
WIT_IMPORT(WIT_DELIVERY, "[resource-drop]subscription") void wit_subscription_drop(int32_t self);

/* ---- interface stdio ---- */
/* readiness flags, bit by bit in declaration order. */
#define WIT_READY_INPUT 1
#define WIT_READY_OUTPUT 2
#define WIT_READY_HANGUP 4
/* option<stdio-state>: tag u8 @0, then the record (ready u8, available
 * u32) at its alignment, 4. */
typedef struct {
  uint8_t is_some;
  struct { uint8_t ready; uint32_t available; } val;
} wit_option_stdio_state;
_Static_assert(sizeof(wit_option_stdio_state) == 12 && __builtin_offsetof(wit_option_stdio_state, val) == 4, "stdio layout");
WIT_IMPORT(WIT_STDIO, "poll-stdio") void wit_poll_stdio(int32_t fd, wit_option_stdio_state *ret);
/* termios: four u32 flags, line u8 @16, cc list<u8> (pointer, length) @20,
 * ispeed @28, ospeed @32; 36 bytes. winsize: four u16. terminal: settings
 * @0, size @36, foreground @44; 48 bytes. */
typedef struct {
  uint32_t iflag, oflag, cflag, lflag;
  uint8_t line;
  uint8_t *cc;
  uint32_t ncc;
  uint32_t ispeed, ospeed;
} wit_termios;
typedef struct { uint16_t rows, cols, xpixel, ypixel; } wit_winsize;
typedef struct {
  wit_termios settings;
  wit_winsize size;
  int32_t foreground;
} wit_terminal;
/* result<terminal, errno>: tag u8 @0, payload @4. */
typedef struct {
  uint8_t is_err;
  union { wit_terminal ok; uint8_t err; } val;
} wit_terminal_result;
_Static_assert(sizeof(wit_termios) == 36 && __builtin_offsetof(wit_termios, cc) == 20, "termios layout");
_Static_assert(sizeof(wit_terminal) == 48 && __builtin_offsetof(wit_terminal, foreground) == 44, "terminal layout");
_Static_assert(__builtin_offsetof(wit_terminal_result, val) == 4, "terminal result layout");
/* set-when: case indices. */
enum { WIT_SET_NOW, WIT_SET_DRAIN, WIT_SET_FLUSH };
WIT_IMPORT(WIT_STDIO, "get-terminal") void wit_get_terminal(int32_t fd, wit_terminal_result *ret);
WIT_IMPORT(WIT_STDIO, "set-termios")
void wit_set_termios(int32_t fd, int32_t when, int32_t iflag, int32_t oflag, int32_t cflag, int32_t lflag, int32_t line,
                     const uint8_t *cc, int32_t ncc, int32_t ispeed, int32_t ospeed, wit_unit_result *ret);
WIT_IMPORT(WIT_STDIO, "set-winsize")
void wit_set_winsize(int32_t fd, int32_t rows, int32_t cols, int32_t xpixel, int32_t ypixel, wit_unit_result *ret);
WIT_IMPORT(WIT_STDIO, "set-foreground") void wit_set_foreground(int32_t fd, int32_t pgrp, wit_unit_result *ret);
WIT_IMPORT(WIT_STDIO, "flush-input") void wit_flush_input(int32_t fd, wit_unit_result *ret);

/* ---- wasi:io/poll and wasi:clocks/monotonic-clock ---- */
/* poll(list<borrow<pollable>>) -> list<u32>: the list comes back through
 * the module's cabi_realloc (component.c) as (pointer, length). */
WIT_IMPORT(WIT_POLL, "poll") void wit_poll(const int32_t *pollables, int32_t n, uint32_t ret[2]);
WIT_IMPORT(WIT_POLL, "[resource-drop]pollable") void wit_pollable_drop(int32_t self);
WIT_IMPORT(WIT_CLOCK, "now") int64_t wit_clock_now(void);
WIT_IMPORT(WIT_CLOCK, "subscribe-duration") int32_t wit_clock_subscribe_duration(int64_t ns);

/* ---- wasi:cli/exit ---- */
WIT_IMPORT(WIT_EXIT, "exit-with-code") _Noreturn void wit_exit_with_code(int32_t status);
#endif
