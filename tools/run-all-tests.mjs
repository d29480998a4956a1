// Runs each suite named on the command line as `make -s SUITE`, shows its
// output, and adds up the closing "N passed, M failed" lines. A suite that
// prints no such line, or exits non-zero with no failures counted, counts as
// one failure. Prints one total line and exits non-zero if anything failed.
import { spawn } from 'node:child_process';

const suites = process.argv.slice(2);
let passed = 0, failed = 0;
const rows = [];
for (const suite of suites) {
  const started = Date.now();
  const { code, text } = await new Promise((resolve) => {
    const child = spawn('make', ['-s', '--no-print-directory', suite], { stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    const tee = (stream, to) => stream.on('data', (d) => { text += d; to.write(d); });
    tee(child.stdout, process.stdout);
    tee(child.stderr, process.stderr);
    child.on('close', (code) => resolve({ code, text }));
  });
  const lines = [...text.matchAll(/^(?:\w+: )?(\d+) passed, (\d+) failed/gm)];
  let p = 0, f = 0;
  for (const m of lines) { p += Number(m[1]); f += Number(m[2]); }
  if (!lines.length || (code !== 0 && f === 0)) f += 1;
  passed += p;
  failed += f;
  rows.push(`${suite}: ${p} passed, ${f} failed (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}
console.log('\n' + rows.join('\n'));
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
