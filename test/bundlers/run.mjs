// The bundler suite: the README's app, built with each recipe the README
// gives (esbuild; vite dev and vite build; webpack 5), from the packed
// package (`npm pack`) installed into a project of its own, served with
// COOP/COEP and run in Chromium, then each build again without isolation
// (through the README's wasig/relay server, and on one without a relay).
// Each case must show the handler's output,
// the guest's graceful end on SIGTERM, and no console error. Only what the
// README says is used: its `<!-- bundler-test: … -->` blocks are the app's
// files and build commands; the harness adds the install, the guest file
// where the README says to put it, and the server.
//   node test/bundlers/run.mjs [case-filter]      ends with "N passed, M failed"
// Projects live in build/bundlers/<bundler>/, their node_modules kept between
// runs (reinstalled when test/bundlers/package.json changes), so a warm run
// only reinstalls the package.
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = fileURLToPath(new URL('../..', import.meta.url));
const work = join(root, 'build/bundlers');
const pins = JSON.parse(readFileSync(join(root, 'test/bundlers/package.json'), 'utf8')).devDependencies;
const CHROMIUM = process.env.WASIG_CHROMIUM ?? '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--no-first-run', '--disable-sync'];
// The README's guest, built for each target (make build makes both).
const GUESTS = { 'graceful.wasm': 'build/examples/wasi/graceful.wasm',
  'em/graceful.wasm': 'build/examples/emscripten/graceful.wasm', 'em/graceful.mjs': 'build/examples/emscripten/graceful.mjs' };
const PROGRAMS = ['graceful.wasm', 'em/graceful.mjs'];
const filter = process.argv[2] ? new RegExp(process.argv[2]) : null;
const log = (...a) => console.log(...a);

// ---- the README's recipes ------------------------------------------------------

function recipes() {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const out = {};
  const re = /<!-- bundler-test: ([\w ]+?) (file=(\S+)|run) -->\n```\w*\n([\s\S]*?)```/g;
  for (let m; (m = re.exec(readme));) {
    for (const b of m[1].split(' ')) {
      const r = (out[b] ??= { files: {}, run: [] });
      if (m[3]) r.files[m[3]] = m[4];
      else r.run.push(...m[4].split('\n').filter((l) => l.trim() && !l.startsWith('#')));
    }
  }
  return out;
}

// ---- projects -------------------------------------------------------------------

const BUNDLER_DEPS = { esbuild: ['esbuild'], vite: ['vite'], webpack: ['webpack', 'webpack-cli'] };

function sh(cmd, args, cwd, env = {}) {
  return execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
}

function pack() {
  const dir = join(work, 'pack');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const [{ filename }] = JSON.parse(sh('npm', ['pack', '--json', '--pack-destination', dir], root));
  return join(dir, filename);
}

/** A project with the bundler installed (kept while the pins stay) and the
 *  packed wasig installed afresh. */
function project(bundler, tarball) {
  const dir = join(work, bundler);
  const deps = Object.fromEntries(BUNDLER_DEPS[bundler].map((d) => [d, pins[d]]));
  const pkg = JSON.stringify({ name: `wasig-${bundler}-app`, private: true, type: 'module', devDependencies: deps }, null, 2);
  const stamp = createHash('sha256').update(pkg).digest('hex');
  if (!existsSync(join(dir, '.deps')) || readFileSync(join(dir, '.deps'), 'utf8') !== stamp) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'package.json'), pkg);
    log(`  installing ${Object.entries(deps).map(([k, v]) => `${k}@${v}`).join(' ')}`);
    sh('npm', ['install', '--no-audit', '--no-fund'], dir);
    writeFileSync(join(dir, '.deps'), stamp);
  }
  for (const f of readdirSync(dir)) if (!['package.json', 'package-lock.json', 'node_modules', '.deps'].includes(f)) rmSync(join(dir, f), { recursive: true, force: true });
  rmSync(join(dir, 'node_modules/wasig'), { recursive: true, force: true });
  rmSync(join(dir, 'node_modules/.vite'), { recursive: true, force: true });
  sh('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--offline', tarball], dir);
  return dir;
}

function writeFiles(dir, files) {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
}

function placeGuest(dir, sub) {
  for (const [to, from] of Object.entries(GUESTS)) {
    mkdirSync(dirname(join(dir, sub, to)), { recursive: true });
    copyFileSync(join(root, from), join(dir, sub, to));
  }
}

// ---- serving ----------------------------------------------------------------------

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css' };
const ISOLATED = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };

/** A static server of `dir` with the two headers the README asks for. */
function serveStatic(dir, headers = ISOLATED) {
  const base = resolve(dir);
  const server = createServer((req, res) => {
    let p = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (p.endsWith('/')) p += 'index.html';
    const file = normalize(join(base, p));
    if (!file.startsWith(base + sep) || !existsSync(file)) { res.writeHead(404, headers).end('not found'); return; }
    res.writeHead(200, { ...headers, 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
  });
  return new Promise((res) => server.listen(0, '127.0.0.1', () => res({
    url: `http://127.0.0.1:${server.address().port}/`,
    close: () => new Promise((r) => server.close(r)),
  })));
}

function freePort() {
  return new Promise((res) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => res(port)); });
  });
}

/** Runs `npx <args>` in the background until its output shows a URL. */
async function startDev(dir, args) {
  const child = spawn('npx', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let out = '';
  child.stdout.on('data', (d) => { out += d; });
  child.stderr.on('data', (d) => { out += d; });
  const stop = () => { try { process.kill(-child.pid, 'SIGTERM'); } catch { /* gone */ } };
  for (let i = 0; i < 600 && !/Local:\s+http/.test(out.replace(/\x1b\[[0-9;]*m/g, '')); i++) {
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const m = out.replace(/\x1b\[[0-9;]*m/g, '').match(/Local:\s+(http\S+)/);
  if (!m) { stop(); throw new Error(`npx ${args.join(' ')} did not start:\n${out}`); }
  return { url: m[1], close: async () => stop(), output: () => out };
}

// ---- the check in Chromium ------------------------------------------------------------

/** Runs the README's server.mjs (the relay recipe) in `dir`, serving its
 *  dist/ without the isolation headers. */
async function startRelayServer(dir, serverJs) {
  writeFileSync(join(dir, 'server.mjs'), serverJs);
  const port = await freePort();
  const child = spawn(process.execPath, ['server.mjs'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, PORT: String(port) } });
  let out = '';
  child.stdout.on('data', (d) => { out += d; });
  child.stderr.on('data', (d) => { out += d; });
  const url = `http://127.0.0.1:${port}/`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null || i > 100) { child.kill(); throw new Error(`server.mjs did not start:\n${out}`); }
    try { if ((await fetch(url)).status === 200) break; } catch { /* not yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, close: async () => { child.kill(); } };
}

/** `isolated`: served with COOP/COEP. Otherwise the fallback: through the
 *  README's relay (`relay`), or on a static server that has none, where a
 *  signal can only end the guest by its default action. */
async function runPage(context, url, { isolated = true, relay = true } = {}) {
  const page = await context.newPage();
  const logs = [], errors = [];
  // Chromium asks every page for /favicon.ico, which the app has not: that
  // 404 is the browser's, not the app's, and is not counted.
  // Without a relay, wasig's one probe of it (GET /__wasig/relay/<id>?wait=0)
  // is a 404 by design: that is how it learns there is none, and says so.
  const expected404 = (u) => new URL(u).pathname === '/favicon.ico' || (!isolated && !relay && /^\/__wasig\/relay\/[\w.-]+$/.test(new URL(u).pathname));
  page.on('console', (m) => {
    logs.push(m.text());
    if (m.type() === 'error' && !expected404(m.location().url || url)) errors.push(`${m.text()} (${m.location().url})`);
  });
  page.on('pageerror', (e) => errors.push(`uncaught: ${e.message}`));
  page.on('requestfailed', (r) => errors.push(`request failed: ${r.url()}`));
  page.on('response', (r) => { if (r.status() >= 400 && !expected404(r.url())) errors.push(`HTTP ${r.status()}: ${r.url()}`); });
  await page.goto(url);
  const exited = (p) => logs.find((l) => l.startsWith(`${p} exited: `))?.slice(p.length + 9);
  for (let i = 0; i < 600 && !PROGRAMS.every(exited); i++) await page.waitForTimeout(100);
  const wasIsolated = await page.evaluate(() => crossOriginIsolated);
  await page.close();
  const problems = [];
  if (wasIsolated !== isolated) problems.push(`the page is ${wasIsolated ? '' : 'not '}cross-origin isolated`);
  if (!isolated && !logs.some((l) => l.startsWith('wasig: this page is not cross-origin isolated'))) problems.push('no warning about the fallback');
  if (!logs.includes('handler: User defined signal 1')) problems.push('no handler output (wasi core)');
  if (!logs.includes('emscripten: User defined signal 2')) problems.push('no handler output (emscripten core)');
  if (isolated || relay) {
    if (logs.filter((l) => /SIGTERM|Terminated/.test(l) && /shutting down gracefully/.test(l)).length !== PROGRAMS.length) problems.push('not every guest wrote about SIGTERM');
    for (const p of PROGRAMS) if (exited(p) !== '{"code":0,"signal":null}') problems.push(`${p} did not exit with status 0 (${exited(p)})`);
  } else {
    // No relay: SIGTERM cannot reach the handler; its default action ends the guest.
    if (!logs.some((l) => l.includes('has no relay'))) problems.push('no warning that the server has no relay');
    for (const p of PROGRAMS) if (exited(p) !== '{"code":null,"signal":15}') problems.push(`${p} was not ended by SIGTERM (${exited(p)})`);
  }
  if (errors.length) problems.push(`console errors: ${errors.join(' | ')}`);
  if (problems.length) throw new Error(`${problems.join('; ')}\n    page console: ${logs.join(' ⏎ ').slice(0, 1500)}`);
}

// ---- the cases -----------------------------------------------------------------------------

const cases = [
  ['esbuild', async (r, dir) => {
    writeFiles(dir, r.files);
    for (const line of r.run) execFileSync('bash', ['-c', line], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    placeGuest(dir, 'dist');
    return serveStatic(join(dir, 'dist'));
  }],
  ['vite dev', async (r, dir) => {
    writeFiles(dir, r.files);
    placeGuest(dir, 'public');
    return startDev(dir, ['vite', '--port', String(await freePort()), '--strictPort', '--host', '127.0.0.1']);
  }],
  ['vite build', async (r, dir) => {
    writeFiles(dir, r.files);
    placeGuest(dir, 'public');
    execFileSync('npx', ['vite', 'build'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    return startDev(dir, ['vite', 'preview', '--port', String(await freePort()), '--strictPort', '--host', '127.0.0.1']);
  }],
  ['webpack', async (r, dir) => {
    writeFiles(dir, r.files);
    for (const line of r.run) execFileSync('bash', ['-c', line], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    placeGuest(dir, 'dist');
    return serveStatic(join(dir, 'dist'));
  }],
];

const started = Date.now();
let passed = 0, failed = 0;
const all = recipes();
for (const f of Object.values(GUESTS)) {
  if (!existsSync(join(root, f))) { console.log(`bundlers: ${f} is missing: run make build`); console.log('0 passed, 1 failed'); process.exit(1); }
}
const tarball = pack();
const profile = join(tmpdir(), `wasig-bundlers-${process.pid}`);
const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: ARGS });
try {
  for (const [name, build] of cases) {
    if (filter && !filter.test(name)) continue;
    const bundler = name.split(' ')[0];
    const t0 = Date.now();
    let server;
    try {
      const r = all[bundler];
      if (!r || !r.files['src/main.js']) throw new Error(`the README has no ${bundler} recipe (<!-- bundler-test: ${bundler} … -->)`);
      const dir = project(bundler, tarball);
      server = await build(r, dir);
      await runPage(context, server.url);
      passed++;
      log(`  ✓ ${name}: bundled, served and run in Chromium (${Date.now() - t0} ms)`);
      if (name === 'vite dev') continue;
      // The same build without cross-origin isolation: through the README's
      // relay server, then on a static server without a relay.
      await server.close();
      server = null;
      for (const relay of [true, false]) {
        const t1 = Date.now();
        const label = `${name}, not isolated, ${relay ? 'through wasig/relay' : 'no relay'}`;
        let plain;
        try {
          if (!all.relay?.files['server.mjs']) throw new Error('the README has no relay recipe (<!-- bundler-test: relay file=server.mjs -->)');
          plain = relay ? await startRelayServer(dir, all.relay.files['server.mjs']) : await serveStatic(join(dir, 'dist'), {});
          await runPage(context, plain.url, { isolated: false, relay });
          passed++;
          log(`  ✓ ${label} (${Date.now() - t1} ms)`);
        } catch (e) {
          failed++;
          log(`  ✗ ${label}: ${e.message.replace(/\n/g, '\n    ')}`);
        } finally {
          await plain?.close();
        }
      }
    } catch (e) {
      failed++;
      const detail = [e.message, e.stderr, e.stdout].filter(Boolean).join('\n').slice(0, 4000);
      log(`  ✗ ${name}: ${detail.replace(/\n/g, '\n    ')}`);
    } finally {
      await server?.close();
    }
  }
} finally {
  await context.close().catch(() => {});
  rmSync(profile, { recursive: true, force: true });
}
log(`bundlers: ${((Date.now() - started) / 1000).toFixed(1)} s`);
log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
