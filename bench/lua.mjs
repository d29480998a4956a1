// 7. An interpreter's VM loop: Lua 5.4 (Debian's source, bench/lua/build.sh)
// running bench/lua/vmloop.lua natively, and under `wasig run` per target:
// as `wasig cc` builds it (preemption checks), with --no-preempt, and with
// V8's default tiering (WASIG_LIFTOFF=1, baseline code for a loop entered
// once). Every round runs each variant once, in a shuffled order, as its own
// process; a row's ratio is the median of its per-round ratios to its peer.
// The time is the script's own os.clock() around the loop (CPU time on
// Linux and wasi; emscripten's clock() is the wall clock), so start-up is
// measured apart: `-e ''` wall time, with and without Liftoff.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { now, quantile, row, shuffle, summary } from './lib/stats.mjs';

const root = fileURLToPath(new URL('../', import.meta.url));
const dir = `${root}build/bench/lua/`;
const wasig = `${root}bin/wasig.js`;
const ROUNDS = Number(process.env.BENCH_LUA_ROUNDS ?? 7);
const N = Number(process.env.BENCH_LUA_N ?? 20);
const script = readFileSync(new URL('./lua/vmloop.lua', import.meta.url), 'utf8');

function variants() {
  const v = [];
  if (existsSync(`${dir}native/lua`)) v.push({ id: 'native', cmd: `${dir}native/lua`, args: [] });
  for (const t of ['wasi', 'emscripten']) {
    const ext = t === 'wasi' ? 'wasm' : 'mjs';
    for (const [suffix, sub, env] of [['', t, {}], ['.np', `${t}-np`, {}], ['.liftoff', t, { WASIG_LIFTOFF: '1' }]]) {
      const file = `${dir}${sub}/lua.${ext}`;
      if (existsSync(file)) v.push({ id: `${t}${suffix}`, cmd: process.execPath, args: [wasig, 'run', file], env });
    }
  }
  return v;
}

function runOnce(v, code) {
  const out = execFileSync(v.cmd, [...v.args, '-e', code], { env: { ...process.env, ...(v.env ?? {}) }, stdio: ['ignore', 'pipe', 'pipe'] }).toString();
  const m = /vmloop ([\d.]+) (\d+)/.exec(out);
  if (code !== '' && !m) throw new Error(`${v.id}: unexpected output ${JSON.stringify(out.slice(0, 200))}`);
  return m ? { seconds: Number(m[1]), sum: m[2] } : null;
}

export async function measure() {
  const vs = variants();
  if (!vs.length) throw new Error('no Lua build (bench/lua/build.sh could not fetch or build it)');
  const code = `N=${N}\n${script}`;
  const times = Object.fromEntries(vs.map((v) => [v.id, []]));
  const starts = Object.fromEntries(vs.map((v) => [v.id, []]));
  let sum = null;
  for (let r = 0; r < ROUNDS; r++) {
    for (const v of shuffle([...vs])) {
      const res = runOnce(v, code);
      if (sum !== null && res.sum !== sum) throw new Error(`${v.id} computed ${res.sum}, not ${sum}`);
      sum = res.sum;
      times[v.id].push(res.seconds * 1e3);
      const t = now();
      runOnce(v, '');
      starts[v.id].push((now() - t) / 1e6);
    }
  }
  return { vs: vs.map((v) => v.id), times, starts };
}

const PEER = { '': 'native', '.np': 'native', '.liftoff': '' };
const DESC = {
  '': 'wasig run, as wasig cc builds it (preemption checks)',
  '.np': 'wasig run, wasig cc --no-preempt',
  '.liftoff': "wasig run with V8's default tiering (WASIG_LIFTOFF=1)",
};

function ratio(a, b) {
  const rs = a.map((x, i) => x / b[i]);
  return { median: quantile(rs, 0.5), p99: quantile(rs, 0.99), of: 'this/peer' };
}

export function rows({ vs, times, starts }) {
  const out = [];
  const group = '7. interpreter VM loop (Lua 5.4)';
  if (times.native) {
    out.push(row({ id: 'lua.native', group, name: 'Lua native (gcc -O2), VM loop', unit: 'ms', ...summary(times.native) }));
  }
  for (const t of ['wasi', 'emscripten']) {
    for (const suffix of ['', '.np', '.liftoff']) {
      const id = `${t}${suffix}`;
      if (!times[id]) continue;
      const peerId = PEER[suffix] === 'native' ? 'native' : `${t}${PEER[suffix]}`;
      const peer = times[peerId];
      out.push(row({
        id: `lua.${id}`, group, name: `${t}: Lua VM loop, ${DESC[suffix]}`, unit: 'ms', ...summary(times[id]),
        peer: peer ? `lua.${peerId}` : null, ratio: peer ? ratio(times[id], peer) : null,
      }));
    }
    if (times[t] && times[`${t}.np`]) {
      const r = ratio(times[t], times[`${t}.np`]);
      out.push(row({
        id: `lua.${t}.preempt`, group, name: `${t}: preemption overhead on the VM loop (checks / --no-preempt)`, unit: 'ratio',
        median: r.median, p99: r.p99, samples: times[t].length, peer: `lua.${t}.np`, ratio: r,
        goal: { text: 'overhead <= 10%', op: '<=', value: 1.1, met: r.median <= 1.1 },
      }));
    }
    for (const suffix of ['', '.liftoff']) {
      const id = `${t}${suffix}`;
      if (!starts[id]) continue;
      const peer = suffix ? null : starts[`${t}.liftoff`];
      out.push(row({
        id: `lua.${id}.start`, group, name: `${t}: start-up, \`lua -e ''\` wall time${suffix ? ", V8's default tiering" : ', no Liftoff'}`,
        unit: 'ms', ...summary(starts[id]), peer: peer ? `lua.${t}.liftoff.start` : null, ratio: peer ? ratio(starts[id], peer) : null,
      }));
    }
  }
  if (starts.native) out.push(row({ id: 'lua.native.start', group, name: "Lua native: start-up, `lua -e ''` wall time", unit: 'ms', ...summary(starts.native) }));
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.stdout.write(JSON.stringify(rows(await measure()), null, 1));
}
