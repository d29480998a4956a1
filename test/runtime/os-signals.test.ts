// Real OS signals: a child Node process binds them, the test sends them with
// the `kill` command from another process, and reads the child's output and
// exit status.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';

const fixture = fileURLToPath(new URL('../fixtures/os-child.mjs', import.meta.url));

interface Child {
  proc: ChildProcess;
  lines: string[];
  waitFor(text: string): Promise<void>;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function start(mode: string, flavor: string): Child {
  const proc = spawn(process.execPath, [fixture, mode, flavor], { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const waiting: { text: string; resolve(): void }[] = [];
  let buf = '';
  proc.stdout!.on('data', (d) => {
    buf += d;
    let i;
    while ((i = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 1);
      lines.push(line);
      for (const w of waiting.filter((w) => line.includes(w.text))) {
        waiting.splice(waiting.indexOf(w), 1);
        w.resolve();
      }
    }
  });
  let stderr = '';
  proc.stderr!.on('data', (d) => { stderr += d; });
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    proc.on('exit', (code, signal) => resolve({ code, signal })));
  return {
    proc,
    lines,
    exit,
    waitFor: (text) => new Promise<void>((resolve, reject) => {
      if (lines.some((l) => l.includes(text))) return resolve();
      const t = setTimeout(() => reject(new Error(`no '${text}' from the child; stdout: ${lines.join(' | ')}; stderr: ${stderr}`)), 15_000);
      waiting.push({ text, resolve: () => { clearTimeout(t); resolve(); } });
    }),
  };
}

/** Sends a signal the way a user would: the kill command, another process. */
function kill(pid: number, sig: string) {
  const r = spawnSync('kill', [`-${sig}`, String(pid)]);
  expect(r.status).toBe(0);
}

describe.each(['wasi', 'emscripten'])('real OS signals on %s', (flavor) => {
  it('handlers receive SIGUSR1, SIGHUP, SIGINT, SIGTERM; after SIG_DFL, SIGTERM kills', async () => {
    const c = start('handlers', flavor);
    await c.waitFor('ready');
    for (const sig of ['USR1', 'HUP', 'INT']) {
      kill(c.proc.pid!, sig);
      await c.waitFor(`handler SIG${sig} frame=null`);
    }
    kill(c.proc.pid!, 'TERM');
    await c.waitFor('reset listeners=0');
    kill(c.proc.pid!, 'TERM');
    expect(await c.exit).toEqual({ code: null, signal: 'SIGTERM' });
    expect(c.lines).toEqual([
      'ready', 'handler SIGUSR1 frame=null', 'handler SIGHUP frame=null', 'handler SIGINT frame=null',
      'handler SIGTERM', 'reset listeners=0',
    ]);
  });

  it('SIG_IGN suppresses Node\'s default', async () => {
    const c = start('ignore', flavor);
    await c.waitFor('ready');
    kill(c.proc.pid!, 'TERM');
    kill(c.proc.pid!, 'TERM');
    await new Promise((r) => setTimeout(r, 200));
    kill(c.proc.pid!, 'USR1');
    expect(await c.exit).toEqual({ code: 0, signal: null });
    expect(c.lines).toEqual(['ready', 'exiting']);
  });

  it('raiseSignal(SIGTERM) at SIG_DFL ends the real process by SIGTERM', async () => {
    const c = start('raise-default', flavor);
    await c.waitFor('ready');
    kill(c.proc.pid!, 'USR1');
    expect(await c.exit).toEqual({ code: null, signal: 'SIGTERM' });
    expect(c.lines).toEqual(['ready', 'raising']);
  });

  it('Python\'s default SIGINT: KeyboardInterrupt, then death by SIGINT', async () => {
    const c = start('keyboard', flavor);
    await c.waitFor('ready');
    kill(c.proc.pid!, 'INT');
    expect(await c.exit).toEqual({ code: null, signal: 'SIGINT' });
  });

  it('pause() keeps the process alive until a real signal runs a handler', async () => {
    const c = start('pause', flavor);
    await c.waitFor('ready');
    await new Promise((r) => setTimeout(r, 100));
    kill(c.proc.pid!, 'USR2');
    expect(await c.exit).toEqual({ code: 0, signal: null });
    expect(c.lines).toEqual(['ready', 'handler SIGUSR2', 'pause returned']);
  });

  it('only one live runtime binds; after close() another may', async () => {
    const c = start('second', flavor);
    expect(await c.exit).toEqual({ code: 0, signal: null });
    expect(c.lines[0]).toMatch(/^ValueError: .*already binds/);
    expect(c.lines[1]).toBe('after close: true');
  });
});

describe('OS signals and worker threads', () => {
  it('a runtime in a worker works, and refuses bindOsSignals with what to do instead', async () => {
    const w = new Worker(new URL('../fixtures/worker-bind.mjs', import.meta.url));
    const msg = await new Promise<{ ran: number; error: string }>((resolve, reject) => {
      w.once('message', resolve);
      w.once('error', reject);
    });
    await w.terminate();
    expect(msg.ran).toBe(1);
    expect(msg.error).toMatch(/^ValueError: bindOsSignals only works on Node's main thread .*os\.kill\(\)/);
  });
});
