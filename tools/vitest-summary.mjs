// Runs vitest with its usual report, then prints the closing count line from
// its JSON report, so that run-all-tests.mjs can add it to the others.
// Each failed test counts once. The report's numFailedTestSuites is not used:
// it counts every describe block above a failed test again (one failure in a
// describe of a file made three). A file that failed with no failed test in
// it (an import error, a failed beforeAll) counts as one failure.
import { spawnSync } from 'node:child_process';
import { readFileSync, mkdirSync } from 'node:fs';

mkdirSync('build/results', { recursive: true });
const out = 'build/results/vitest.json';
const r = spawnSync('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${out}`, ...process.argv.slice(2)], { stdio: 'inherit' });
let passed = 0, failed = 0;
try {
  const j = JSON.parse(readFileSync(out, 'utf8'));
  passed = j.numPassedTests;
  failed = j.numFailedTests + (j.numTotalTests === 0 ? 1 : 0);
  for (const file of j.testResults) {
    const failedHere = file.assertionResults.filter((t) => t.status === 'failed').length;
    if (file.status === 'failed' && failedHere === 0) {
      failed++;
      console.log(`${file.name}: failed outside any test: ${file.message || 'see the report above'}`);
    }
  }
} catch {
  failed = 1;
}
// Errors vitest reports outside every file (unhandled rejections, a crash).
if (r.status !== 0 && failed === 0) failed = 1;
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
