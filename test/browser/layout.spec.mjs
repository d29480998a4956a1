// The terminal page on three screen widths: the terminal keeps its columns
// (at least 80 down to 1024 px), nothing spills out of the viewport or out
// of its panel (the process table scrolls inside its own), with a busy
// process table of running and ended programs. A screenshot of each is saved
// in build/screenshots/ to be looked at.
import { mkdirSync } from 'node:fs';
import { assert, assertEq, test } from './fixtures.mjs';
import { openPage, SHOTS, waitText } from './terminal-page.mjs';

/** Every element that sticks out of the viewport, or out of the nearest
 *  ancestor that clips it without scrolling; one line each. Elements inside
 *  a scrolling container may extend past it (that is what scrolling is for),
 *  but the container itself must fit. xterm's own hidden helpers (a textarea
 *  kept off screen on purpose) are left out. */
function overflows() {
  const bad = [];
  const vw = document.documentElement.clientWidth;
  const name = (e) => `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}${e.className && typeof e.className === 'string' ? `.${e.className.trim().split(/\s+/).join('.')}` : ''}`;
  if (document.documentElement.scrollWidth > vw) bad.push(`the page scrolls sideways: ${document.documentElement.scrollWidth} > ${vw} px`);
  for (const e of document.body.querySelectorAll('*')) {
    if (e.closest('.xterm-helpers, .xterm-accessibility, script, style, [hidden]')) continue;
    const r = e.getBoundingClientRect();
    if (!r.width || !r.height) continue;
    let clip = e.parentElement;
    let scrolls = false;
    for (; clip && clip !== document.body; clip = clip.parentElement) {
      const o = getComputedStyle(clip).overflowX;
      if (o !== 'visible') { scrolls = o === 'auto' || o === 'scroll'; break; }
    }
    if (r.left < -0.5 || r.right > vw + 0.5) bad.push(`${name(e)} [${Math.round(r.left)}, ${Math.round(r.right)}] outside the viewport (0..${vw})`);
    else if (clip && clip !== document.body && !scrolls) {
      const c = clip.getBoundingClientRect();
      if (r.left < c.left - 0.5 || r.right > c.right + 0.5) bad.push(`${name(e)} [${Math.round(r.left)}, ${Math.round(r.right)}] outside ${name(clip)} [${Math.round(c.left)}, ${Math.round(c.right)}]`);
    }
  }
  return bad;
}

for (const [width, height, minCols] of [[1440, 900, 100], [1024, 768, 80], [600, 900, 70]]) {
  test(`${width} px wide: ${minCols}+ terminal columns, nothing outside its panel, kill of a missing pid; screenshot`, async ({ page, server }) => {
    await page.setViewportSize({ width, height });
    await openPage({ page, server });
    // A full process table: six programs, four of them ended by `kill`.
    for (let i = 0; i < 6; i++) await page.keyboard.type('watch &\r');
    await page.waitForFunction(() => window.app.jobs.length === 6 && window.app.jobs.every((j) => j.state === 'running'), null, { timeout: 20_000 });
    const pids = await page.evaluate(() => window.app.jobs.map((j) => j.pid));
    await page.keyboard.type(`kill -TERM ${pids.slice(0, 4).join(' ')}\r`);
    await page.waitForFunction((p) => p.every((pid) => window.app.jobs.find((j) => j.pid === pid).status), pids.slice(0, 4));
    // Bad kills, as bash words them: usage only for bad use.
    await page.keyboard.type('kill -TERM 9999\r');
    await waitText(page, /kill: \(9999\) - No such process/);
    await page.keyboard.type('kill -FOO 9999\r');
    await waitText(page, /kill: FOO: invalid signal specification/);
    await page.keyboard.type('kill\r');
    await waitText(page, /kill: usage: kill \[-SIGNAL\] pid/);
    await page.waitForTimeout(300); // the fit after the last layout change
    const m = await page.evaluate(() => {
      const box = (s) => { const r = document.querySelector(s).getBoundingClientRect(); return { left: r.left, right: r.right, top: r.top, bottom: r.bottom, width: r.width }; };
      return { cols: window.app.term.cols, rows: window.app.term.rows, term: box('#term-pane'), procs: box('#procs-pane'), log: box('#log-pane'), vh: innerHeight };
    });
    mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: `${SHOTS}/page-${width}.png`, fullPage: true });
    assert(m.cols >= minCols, `the terminal has ${m.cols} columns at ${width} px (at least ${minCols} wanted)`);
    assert(m.rows >= 15, `the terminal has ${m.rows} rows`);
    if (width >= 1200) {
      // Side by side, all within the window's height.
      assert(m.procs.left >= m.term.right, 'the panels are beside the terminal');
      for (const [k, b] of Object.entries({ term: m.term, procs: m.procs, log: m.log })) assert(b.bottom <= m.vh + 0.5, `${k} ends at ${b.bottom} px, below the window (${m.vh})`);
    } else {
      // The terminal first, the panels below it.
      assert(m.procs.top >= m.term.bottom && m.log.top >= m.term.bottom, 'the panels are below the terminal');
    }
    assertEq(await page.evaluate(overflows), [], 'elements outside their panel or the viewport');
    assertEq(page.errors, [], 'console errors');
  });
}
