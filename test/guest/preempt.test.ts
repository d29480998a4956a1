// Busy loops without safe points: `wasig cc` instruments the program so that
// its handlers still run; with --no-preempt they wait for a safe point. And
// the pass (ts/cli/preempt.ts) on modules of every size and opcode.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import binaryen from 'binaryen';
import { describe, expect, test } from 'vitest';
import { BUDGET, HOOK, preemptLoops, preemptLoopsInFile } from '../../ts/cli/preempt.js';
import { spawn, SIGINT, SIGKILL, SIGTERM, SIGUSR1 } from 'wasig';
import { build, flavors, root, sleep, until, wasig, type Flavor } from './helpers.js';

describe.each(flavors)('%s guest', (flavor: Flavor) => {
  test('a loop that never calls libc runs its SIGUSR1 handler', async () => {
    const g = spawn(build('test/guest/c/spin.c', flavor), { stdio: ['ignore', 'pipe', 'pipe'] });
    await until(() => g.stdout.includes('ready'), 10_000, 'ready');
    await sleep(50);
    g.kill(SIGUSR1);
    expect(await g.exited).toEqual({ code: 0, signal: null });
    expect(g.stdout).toContain(`handled sig=${SIGUSR1} spins>0=1`);
  }, 60_000);

  // fib(90) takes years: only a handler that runs mid-recursion, at the
  // entry check of a recursive function, lets the program end.
  test.each([
    ['fib', SIGINT], ['fib', SIGTERM], ['ptr', SIGUSR1], ['ptr', SIGTERM],
  ])('a recursion that never runs a loop (%s) runs its handler for signal %i', async (mode, sig) => {
    const g = spawn(build('test/guest/c/recurse.c', flavor), { args: [mode as string], stdio: ['ignore', 'pipe', 'pipe'] });
    await until(() => g.stdout.includes('ready'), 10_000, 'ready');
    await sleep(100);
    g.kill(sig as number);
    expect(await g.exited).toEqual({ code: 0, signal: null });
    expect(g.stdout).toContain(`handled sig=${sig} calls>0=1 r>=0=1`);
  }, 60_000);

  test('with --no-preempt the handler waits for a safe point that never comes; SIGKILL still ends it', async () => {
    const out = join(root, 'build/test-guest', flavor, 'spin-nopreempt.wasm');
    execFileSync('node', [wasig, 'cc', '--no-preempt', '--target', flavor, join(root, 'test/guest/c/spin.c'), '-o', out]);
    const g = spawn(out, { stdio: ['ignore', 'pipe', 'pipe'], flavor });
    await until(() => g.stdout.includes('ready'), 10_000, 'ready');
    g.kill(SIGUSR1);
    await sleep(500);
    expect(g.stdout).not.toContain('handled');
    g.kill('SIGKILL');
    expect(await g.exited).toEqual({ code: null, signal: SIGKILL });
  }, 60_000);
});

describe.each(flavors)('%s guest handlers', (flavor: Flavor) => {
  test('a handler declared `void h()` runs instead of trapping; SA_SIGINFO gets its siginfo', async () => {
    const g = spawn(build('test/guest/c/knr_handler.c', flavor), { stdio: ['ignore', 'pipe', 'pipe'] });
    expect(await g.exited).toEqual({ code: 0, signal: null });
    // raise() is tgkill on Linux: si_code SI_TKILL, not SI_USER.
    expect(g.stdout).toContain(`plain=1 info=${12 + 1000}`);
  }, 60_000);
});

// The pass itself, on modules made to its measure with Binaryen's builder:
// sizes and opcodes no toy C program reaches. Each module has the hook
// (exported as wasig cc exports it, counting its calls through an import),
// program functions that call it (as -fsanitize-coverage=trace-pc does) and a
// library function with the same loop that does not.
const none = binaryen.none, i32 = binaryen.i32;
const FEATURES = binaryen.Features.Atomics | binaryen.Features.MutableGlobals | binaryen.Features.BulkMemory | binaryen.Features.BulkMemoryOpt
  | binaryen.Features.SIMD128 | binaryen.Features.SignExt | binaryen.Features.ExceptionHandling
  | binaryen.Features.TailCall | binaryen.Features.NontrappingFPToInt | binaryen.Features.ReferenceTypes;

/** A module with `functions` program functions `(param n) (result i32)`, each
 *  looping n times over `statements` statements; `lib` is the same loop
 *  unmarked. */
function generated(functions: number, statements: number): Uint8Array {
  const m = new binaryen.Module();
  m.setFeatures(FEATURES);
  m.addFunctionImport('tick', 'env', 'tick', none, none);
  m.addFunction('hook', none, none, [], m.call('tick', [], none));
  m.addFunctionExport('hook', HOOK);
  const loop = (marked: boolean) => {
    const acc = 1, n = 0;
    const body: number[] = [];
    if (marked) body.push(m.call('hook', [], none));
    body.push(m.br('out', m.i32.eqz(m.local.get(n, i32))));
    for (let s = 0; s < statements; s++) {
      body.push(m.local.set(acc, m.i32.add(m.i32.mul(m.local.get(acc, i32), m.i32.const(31)), m.i32.const(s))));
    }
    body.push(m.local.set(n, m.i32.sub(m.local.get(n, i32), m.i32.const(1))), m.br('loop'));
    return m.block(null, [
      ...(marked ? [m.call('hook', [], none)] : []),
      m.block('out', [m.loop('loop', m.block(null, body))]),
      m.local.get(acc, i32),
    ], i32);
  };
  for (let f = 0; f < functions; f++) m.addFunction(`f${f}`, i32, i32, [i32], loop(true));
  m.addFunction('lib', i32, i32, [i32], loop(false));
  m.addFunctionExport('f0', 'run');
  m.addFunctionExport(`f${functions - 1}`, 'last');
  m.addFunctionExport('lib', 'lib');
  if (!m.validate()) throw new Error('test module does not validate');
  const bytes = m.emitBinary();
  m.dispose();
  return bytes;
}

/** Exception handling (legacy try/catch/throw/rethrow, what clang and
 *  emscripten emit), atomics, bulk memory and SIMD inside program loops,
 *  with coverage calls in try bodies, catch bodies and if arms. */
const OPCODES = `(module
  (import "env" "tick" (func $tick))
  (memory 1 1 shared)
  (tag $e (param i32))
  (func $hook (export "${HOOK}") (call $tick))
  (func $run (export "run") (param $n i32) (result i32)
    (local $r i32) (local $v v128)
    (call $hook)
    (try
      (do
        (loop $l
          (call $hook)
          (drop (i32.atomic.rmw.add (i32.const 0) (i32.const 1)))
          (memory.fill (i32.const 16) (i32.const 7) (i32.const 16))
          (memory.copy (i32.const 32) (i32.const 16) (i32.const 16))
          (local.set $v (i32x4.add (v128.load (i32.const 32)) (i32x4.splat (local.get $n))))
          (v128.store (i32.const 48) (local.get $v))
          (if (i32.eqz (i32.and (local.get $n) (i32.const 1))) (then (call $hook)) (else (call $hook)))
          (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
        (throw $e (i32.atomic.load (i32.const 0))))
      (catch $e
        (local.set $r (pop i32))
        (call $hook)
        (loop $m
          (call $hook)
          (i32.atomic.store (i32.const 4) (i32.add (i32.atomic.load (i32.const 4)) (i32.const 1)))
          (br_if $m (i32.lt_u (i32.atomic.load (i32.const 4)) (i32.const 5000))))))
    (i32.add (local.get $r) (i32x4.extract_lane 0 (v128.load (i32.const 48)))))
)`;

/** Recursion: direct, through the library's call_indirect back into an
 *  address-taken program function, and through an import that can call
 *  back; a function in no cycle; and a function that calls setjmp, whose
 *  loop outside its try/catch must stay unchecked (a longjmp from a safe
 *  point there would escape it). */
const CALLS = `(module
  (import "env" "tick" (func $tick))
  (import "env" "out" (func $out (param i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (type $t (func (param i32) (result i32)))
  (table 2 funcref)
  (elem (i32.const 1) $cb)
  (tag $e (param i32))
  (func $hook (export "${HOOK}") (call $tick))
  (func $self (export "self") (param $n i32) (result i32)
    (call $hook)
    (if (result i32) (i32.eqz (local.get $n)) (then (i32.const 0))
      (else (i32.add (i32.const 1) (call $self (i32.sub (local.get $n) (i32.const 1)))))))
  (func $cb (param $n i32) (result i32)
    (call $hook)
    (if (result i32) (i32.eqz (local.get $n)) (then (i32.const 0))
      (else (i32.add (i32.const 1) (call $lib (i32.sub (local.get $n) (i32.const 1)))))))
  (func $lib (export "lib") (param $n i32) (result i32) (call_indirect (type $t) (local.get $n) (i32.const 1)))
  (func $viaImport (export "viaImport") (param $n i32) (result i32)
    (call $hook)
    (call $out (local.get $n))
    (local.get $n))
  (func $leaf (export "leaf") (param $n i32) (result i32)
    (call $hook)
    (if (i32.eqz (local.get $n)) (then (call $exit (i32.const 1))))
    (i32.add (local.get $n) (i32.const 1)))
  (func $saveSetjmp (param i32) (result i32) (local.get 0))
  (func $sj (export "sj") (param $n i32) (param $m i32) (result i32)
    (call $hook)
    (drop (call $saveSetjmp (i32.const 0)))
    (try
      (do
        (loop $covered
          (call $hook)
          (br_if $covered (local.tee $n (i32.sub (local.get $n) (i32.const 1))))))
      (catch $e (drop (pop i32))))
    (loop $bare
      (br_if $bare (local.tee $m (i32.sub (local.get $m) (i32.const 1)))))
    (i32.const 0))
)`;

function opcodesModule(): Uint8Array {
  const m = binaryen.parseText(OPCODES);
  m.setFeatures(FEATURES);
  if (!m.validate()) throw new Error('test module does not validate');
  const bytes = m.emitBinary();
  m.dispose();
  return bytes;
}

/** The module's sections in order: custom ones by name, the code section as 'code'. */
function sectionNames(b: Uint8Array): string[] {
  const names: string[] = [];
  let p = 8;
  const leb = () => { let r = 0, s = 0, x; do { x = b[p++]; r += (x & 0x7f) * 2 ** s; s += 7; } while (x & 0x80); return r; };
  while (p < b.length) {
    const id = b[p++];
    const size = leb();
    const start = p;
    if (id === 0) { const n = leb(); names.push(new TextDecoder().decode(b.subarray(p, p + n))); } else names.push(id === 10 ? 'code' : String(id));
    p = start + size;
  }
  return names;
}

async function instrumented(bytes: Uint8Array) {
  const r = await preemptLoops(bytes);
  let ticks = 0;
  const { exports } = new WebAssembly.Instance(new WebAssembly.Module(r.bytes as Uint8Array<ArrayBuffer>), { env: { tick: () => { ticks++; } } });
  return { r, x: exports as Record<string, (n: number) => number>, ticks: () => ticks };
}

describe('the preemption pass', () => {
  test('a multi-MB code section: every program loop counts, the library loop does not', async () => {
    const bytes = generated(3000, 80);
    expect(bytes.length).toBeGreaterThan(2_000_000);
    const { r, x, ticks } = await instrumented(bytes);
    // Every check is marked unlikely for the engine (branch-hints.ts).
    expect(r).toMatchObject({ functions: 3000, loops: 3000, hinted: 3000 });
    expect(sectionNames(r.bytes)).toEqual(expect.arrayContaining(['metadata.code.branch_hint']));
    expect(sectionNames(r.bytes).indexOf('metadata.code.branch_hint')).toBe(sectionNames(r.bytes).indexOf('code') - 1);
    // The coverage calls are gone: only the check calls the hook, once per
    // BUDGET iterations (the header runs n + 1 times).
    expect(x.run(10 * BUDGET)).toBe(x.lib(10 * BUDGET));
    expect(ticks()).toBe(10);
    x.last(3 * BUDGET);
    expect(ticks()).toBe(13);
    x.lib(100 * BUDGET);
    expect(ticks()).toBe(13);
  }, 300_000);

  test('a function with a multi-MB body', async () => {
    const bytes = generated(1, 250_000);
    expect(bytes.length).toBeGreaterThan(2_000_000);
    const { r, x, ticks } = await instrumented(bytes);
    expect(r).toMatchObject({ functions: 1, loops: 1 });
    expect(x.run(2 * BUDGET)).toBe(x.lib(2 * BUDGET));
    expect(ticks()).toBe(2);
  }, 300_000);

  test('exception handling, atomics, bulk memory and SIMD', async () => {
    const { r, x, ticks } = await instrumented(opcodesModule());
    expect(r).toMatchObject({ functions: 1, loops: 2, hinted: 2 });
    // The thrown count of atomic adds, plus a lane of bytes 7 + splat(1).
    expect(x.run(3000)).toBe(3000 + 0x07070707 + 1);
    // 3000 iterations of the first loop, 5000 of the one in the catch body,
    // one counter: 8000 headers, 7 checks that call the hook.
    expect(ticks()).toBe(Math.floor(8000 / BUDGET));
  }, 120_000);

  test('recursive functions, and only they, are checked at entry; a setjmp function\'s loop only inside its own catch', async () => {
    const m = binaryen.parseText(CALLS);
    m.setFeatures(FEATURES);
    expect(m.validate()).toBeTruthy();
    // With the name section, as wasig cc links: saveSetjmp is found by name.
    binaryen.setDebugInfo(true);
    const bytes = m.emitBinary();
    binaryen.setDebugInfo(false);
    m.dispose();
    const r = await preemptLoops(bytes);
    let ticks = 0;
    const { exports } = new WebAssembly.Instance(new WebAssembly.Module(r.bytes as Uint8Array<ArrayBuffer>), {
      env: { tick: () => { ticks++; }, out: () => {} }, wasi_snapshot_preview1: { proc_exit: () => {} },
    });
    const x = exports as Record<string, (...n: number[]) => number>;
    // self, cb (through lib's call_indirect) and viaImport (env.out may call
    // it back) are in cycles; leaf only calls WASI, which cannot.
    expect(r).toMatchObject({ functions: 5, loops: 1, entries: 3, hinted: 4 });
    expect(x.self(10 * BUDGET - 1)).toBe(10 * BUDGET - 1);
    expect(ticks).toBe(10);
    expect(x.lib(4 * BUDGET)).toBe(4 * BUDGET);
    expect(ticks).toBe(14);
    for (let i = 0; i < 2 * BUDGET; i++) x.viaImport(i);
    expect(ticks).toBe(16);
    for (let i = 1; i <= 5 * BUDGET; i++) x.leaf(i);
    expect(ticks).toBe(16);
    x.sj(3 * BUDGET, 50 * BUDGET);
    expect(ticks).toBe(19);
  }, 120_000);

  test('a module that cannot be read, or has nothing to instrument, fails and leaves no file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wasig-preempt-'));
    try {
      const corrupt = join(dir, 'corrupt.wasm');
      const good = generated(2, 4);
      writeFileSync(corrupt, good.subarray(0, good.length - 7));
      await expect(preemptLoopsInFile(corrupt)).rejects.toThrow(/Binaryen can read/);
      expect(existsSync(corrupt)).toBe(false);
      const plain = join(dir, 'plain.wasm');
      const m = new binaryen.Module();
      m.addFunction('main', none, i32, [], m.i32.const(0));
      m.addFunctionExport('main', 'main');
      writeFileSync(plain, m.emitBinary());
      m.dispose();
      await expect(preemptLoopsInFile(plain)).rejects.toThrow(/no function of the program is marked/);
      expect(existsSync(plain)).toBe(false);
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe.each(flavors)('%s: wasig cc', (flavor: Flavor) => {
  test('objects not compiled by wasig cc: the link fails with one line and leaves no output', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wasig-preempt-'));
    try {
      const obj = join(dir, 'spin.o');
      const cc = flavor === 'wasi' ? ['clang-14', ['--target=wasm32-wasi', `-I${join(root, 'c-src/include')}`]] as const
        : ['emcc', [`-I${join(root, 'c-src/include')}`]] as const;
      execFileSync(cc[0], [...cc[1], '-O2', '-c', join(root, 'test/guest/c/spin.c'), '-o', obj], { env: { ...process.env, NODE_PATH: '/usr/share/nodejs' } });
      const out = join(dir, flavor === 'wasi' ? 'spin.wasm' : 'spin.mjs');
      const r = spawnSync('node', [wasig, 'cc', '--target', flavor, obj, '-o', out], { encoding: 'utf8' });
      expect(r.status).toBe(1);
      const ours = r.stderr.split('\n').filter((l) => l.startsWith('wasig cc:'));
      expect(ours).toHaveLength(1);
      expect(ours[0]).toMatch(/preemption pass failed .*no function of the program is marked for preemption.*--no-preempt/);
      expect(readdirSync(dir)).toEqual(['spin.o']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  // -O3 also makes emcc minify the module's export names (memory, table):
  // the host finds them by type.
  test('-O3 with SIMD, bulk memory (and on wasi atomics) in the program: its busy loop is still interrupted', async () => {
    const out = join(root, 'build/test-guest', flavor, 'spin-features.wasm');
    const flags = flavor === 'wasi' ? ['-O3', '-msimd128', '-mbulk-memory', '-matomics'] : ['-O3', '-msimd128', '-mbulk-memory'];
    execFileSync('node', [wasig, 'cc', '--target', flavor, ...flags, join(root, 'test/guest/c/spin.c'), '-o', out]);
    const g = spawn(out, { stdio: ['ignore', 'pipe', 'pipe'], flavor });
    await until(() => g.stdout.includes('ready'), 20_000, 'ready');
    await sleep(50);
    g.kill(SIGUSR1);
    expect(await g.exited).toEqual({ code: 0, signal: null });
    expect(g.stdout).toContain(`handled sig=${SIGUSR1} spins>0=1`);
  }, 120_000);
});
