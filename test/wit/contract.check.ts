// Compiled by test/wit/wit.test.ts (tsc --noEmit) against the declarations
// that jco generates from wasm/wit into build/wit/types: the host side of
// wasig:signals as a host implements it. A member renamed or dropped in the
// WIT fails the compile here.
import type * as Control from '../../build/wit/types/reactor/interfaces/wasig-signals-control.js';
import type * as Delivery from '../../build/wit/types/reactor/interfaces/wasig-signals-delivery.js';
import type * as Types from '../../build/wit/types/reactor/interfaces/wasig-signals-types.js';
import type * as Stdio from '../../build/wit/types/reactor/interfaces/wasig-signals-stdio.js';
import type * as Timer from '../../build/wit/types/reactor/interfaces/wasig-signals-timer.js';
import type * as Handler from '../../build/wit/types/reactor/interfaces/wasig-signals-handler.js';
import type { ImportObject, Reactor } from '../../build/wit/types/reactor/reactor@0.1.0.js';
import type { ImportObject as CommandImports } from '../../build/wit/types/command/command@0.1.0.js';

type Expect<T extends true> = T;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

// The control functions a host provides, with the shapes it implements.
export type ControlHost = {
  selfPid(): number;
  selfUid(): number;
  sigaction(sig: number, new_: Types.Action | undefined): Types.Action;
  sigprocmask(how: Types.MaskHow, set: bigint): bigint;
  sigpending(): bigint;
  raise(sig: number): void;
  kill(pid: number, sig: number): void;
  sigqueue(pid: number, sig: number, value: number): void;
  setitimer(which: Types.TimerWhich, new_: Types.Itimer): Types.Itimer;
  getitimer(which: Types.TimerWhich): Types.Itimer;
  alarm(seconds: number): number;
};
export type CheckControl = Expect<Same<ControlHost, typeof Control>>;

// POSIX timers: timer_t ids, a NULL sigevent as no event, timespecs of
// seconds and nanoseconds.
export type TimerHost = {
  timerCreate(clock: Timer.Clock, event: Timer.Notify | undefined): number;
  timerSettime(id: number, absolute: boolean, new_: Timer.Itimerspec): Timer.Itimerspec;
  timerGettime(id: number): Timer.Itimerspec;
  timerGetoverrun(id: number): number;
  timerDelete(id: number): void;
};
export type CheckTimer = Expect<Same<TimerHost, typeof Timer>>;
export type CheckClock = Expect<Same<Timer.Clock, 'realtime' | 'monotonic' | 'cputime'>>;
export type CheckNotify = Expect<Same<Timer.Notify, { tag: 'none' } | { tag: 'signal'; val: { signo: number; value: number } }>>;
export type CheckItimerspec = Expect<Same<Timer.Itimerspec,
  { value: { seconds: bigint; nanoseconds: number }; interval: { seconds: bigint; nanoseconds: number } }>>;

// siginfo as a host fills it (wasig's core keeps the same fields, plus the
// overrun of timers).
export type SiginfoHost = {
  signo: number; code: number; pid: number; uid: number; value: number;
  overrun: number; errorNumber: number; status: number; band: number;
};
export type CheckSiginfo = Expect<Same<SiginfoHost, Types.Siginfo>>;
export type CheckDelivery = Expect<Same<Types.Delivery,
  { info: Types.Siginfo; action: Types.Action; restoreMask: bigint }>>;
export type CheckAction = Expect<Same<Types.Action,
  { disposition: 'default-action' | 'ignore' | 'catch'; mask: bigint; flags: Types.ActionFlags }>>;
export type CheckErrno = Expect<Same<Types.Errno, 'eperm' | 'esrch' | 'eagain' | 'einval' | 'enotty'>>;
export type CheckTimers = Expect<Same<Types.TimerWhich, 'real' | 'virtual' | 'prof'>>;

// The delivery resource: a constructor over an interest, a pollable, and
// non-blocking take/drain.
type Sub = InstanceType<typeof Delivery.Subscription>;
export type CheckSubscription = Expect<Same<{
  subscribe(): Delivery.Pollable;
  take(): Types.Delivery | undefined;
  drain(max: number): Array<Types.Delivery>;
}, Pick<Sub, 'subscribe' | 'take' | 'drain'>>>;
export type CheckInterest = Expect<Same<ConstructorParameters<typeof Delivery.Subscription>,
  [{ tag: 'deliverable' } | { tag: 'waiting'; val: bigint }]>>;
export type CheckPollable = Expect<Same<Delivery.Pollable,
  import('../../build/wit/types/reactor/interfaces/wasi-io-poll.js').Pollable>>;

// The standard descriptors' readiness, as poll(2) reports it.
export type CheckStdio = Expect<Same<typeof Stdio, {
  pollStdio(fd: number): Stdio.StdioState | undefined;
  getTerminal(fd: number): Stdio.Terminal;
  setTermios(fd: number, when: Stdio.SetWhen, settings: Stdio.Termios): void;
  setWinsize(fd: number, size: Stdio.Winsize): void;
  setForeground(fd: number, pgrp: number): void;
  flushInput(fd: number): void;
}>>;
export type CheckTermios = Expect<Same<Stdio.Termios, {
  iflag: number; oflag: number; cflag: number; lflag: number; line: number; cc: Uint8Array; ispeed: number; ospeed: number;
}>>;
export type CheckTerminal = Expect<Same<Stdio.Terminal, { settings: Stdio.Termios; size: Stdio.Winsize; foreground: number }>>;
export type CheckSetWhen = Expect<Same<Stdio.SetWhen, 'now' | 'drain' | 'flush'>>;
export type CheckStdioState = Expect<Same<Stdio.StdioState,
  { ready: { input?: boolean; output?: boolean; hangup?: boolean }; available: number }>>;

// What each world imports and exports.
export type CheckImports = Expect<Same<keyof ImportObject, keyof CommandImports>>;
export type CheckImportNames = Expect<Same<keyof ImportObject,
  'wasi:cli/exit@0.2.12' | 'wasi:clocks/monotonic-clock@0.2.12' | 'wasi:io/poll@0.2.12' | 'wasig:signals/control@0.1.0'
  | 'wasig:signals/delivery@0.1.0' | 'wasig:signals/stdio@0.1.0' | 'wasig:signals/timer@0.1.0' | 'wasig:signals/types@0.1.0'>>;
export type CheckHandler = Expect<Same<Reactor['wasig:signals/handler@0.1.0'], typeof Handler>>;
export type CheckHandle = Expect<Same<typeof Handler, { handle(signal: Types.Delivery): void }>>;
