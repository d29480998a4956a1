// The browser suite: every *.spec.mjs of test/browser in real Chromium,
// against the project's own server. A spec exports `register(test)`; a test
// may return sub-results [{ name, ok, error }] (tests run inside the page),
// each counted on its own. Ends with one line "N passed, M failed".
//   node test/browser/run.mjs [name-filter]
import { readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { startBrowser } from './lib.mjs';

const dir = new URL('.', import.meta.url);
const filter = process.argv[2] ? new RegExp(process.argv[2]) : null;
const tests = [];
for (const f of readdirSync(dir).filter((f) => f.endsWith('.spec.mjs')).sort()) {
  const spec = await import(new URL(f, dir).href);
  spec.register((name, fn, { timeout = 60_000 } = {}) => tests.push({ name: `${f.replace('.spec.mjs', '')} › ${name}`, fn, timeout }));
}

const started = Date.now();
let passed = 0, failed = 0;
const report = [];
let env;
try {
  env = await startBrowser();
} catch (e) {
  console.error(`browser suite: cannot start chromium or the server: ${e.message}`);
  console.log('0 passed, 1 failed');
  process.exit(1);
}
for (const t of tests) {
  if (filter && !filter.test(t.name)) continue;
  const t0 = Date.now();
  let timer;
  try {
    const subs = await Promise.race([
      t.fn(env),
      new Promise((_, rej) => { timer = setTimeout(() => rej(new Error(`timed out after ${t.timeout} ms`)), t.timeout); }),
    ]);
    if (Array.isArray(subs)) {
      if (!subs.length) throw new Error('no sub-tests ran');
      for (const s of subs) {
        const name = `${t.name} › ${s.name}`;
        if (s.ok) { passed++; console.log(`  ✓ ${name}`); } else { failed++; console.log(`  ✗ ${name}\n      ${String(s.error).split('\n').join('\n      ')}`); }
        report.push({ name, ok: s.ok, error: s.error });
      }
    } else {
      passed++;
      console.log(`  ✓ ${t.name} (${Date.now() - t0} ms)`);
      report.push({ name: t.name, ok: true });
    }
  } catch (e) {
    failed++;
    console.log(`  ✗ ${t.name} (${Date.now() - t0} ms)\n      ${String(e?.stack ?? e).split('\n').slice(0, 8).join('\n      ')}`);
    report.push({ name: t.name, ok: false, error: String(e?.stack ?? e) });
  } finally {
    clearTimeout(timer);
  }
}
await env.close();
mkdirSync('build/results', { recursive: true });
writeFileSync('build/results/browser.json', JSON.stringify({ passed, failed, seconds: (Date.now() - started) / 1000, tests: report }, null, 2));
console.log(`browser: ${((Date.now() - started) / 1000).toFixed(1)} s`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
