// Prints the closing line "N passed, M failed" of the browser suites: each
// test counted once by its final result (a test that did not run because a
// hook before it failed counts as failed: the total stays the number of
// tests), and one failure more for an error outside every test (a spec that
// does not load) or a run that ended badly with no failed test.
export default class SummaryReporter {
  passed = 0;
  failed = 0;
  outside = 0;

  onTestEnd(test, result) {
    if (result.retry < test.retries && result.status !== 'passed' && result.status !== 'skipped') return;
    if (result.status === 'skipped' && test.expectedStatus === 'skipped') return;
    if (result.status === test.expectedStatus) this.passed++;
    else this.failed++;
  }

  onError() {
    this.outside++;
  }

  onEnd(result) {
    let failed = this.failed + this.outside;
    if (result.status !== 'passed' && failed === 0) failed = 1;
    if (this.passed + failed === 0) failed = 1;
    console.log(`${this.passed} passed, ${failed} failed`);
  }

  printsToStdio() {
    return true;
  }
}
