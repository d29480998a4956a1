// Driving the terminal page (web/) from the browser suites: open it, read
// the terminal's text (xterm's buffer), wait for text to appear.

/** Where the suites save their screenshots. */
export const SHOTS = 'build/screenshots';

export async function openPage({ page, server }, path = '') {
  await page.goto(`${server.url}${path}`);
  await page.waitForFunction(() => window.appReady === true, null, { timeout: 15_000 });
  await page.click('#terminal');
  return page;
}
/** The terminal's text (xterm's buffer), lines joined. */
export const screen = (page) => page.evaluate(() => {
  const b = window.app.term.buffer.active;
  const out = [];
  for (let i = 0; i < b.length; i++) out.push(b.getLine(i).translateToString(true));
  return out.join('\n');
});
export async function waitText(page, re, timeout = 30_000) {
  const end = Date.now() + timeout;
  for (;;) {
    const text = await screen(page);
    if (re.test(text)) return text;
    if (Date.now() > end) throw new Error(`the terminal never showed ${re}; it shows:\n${text.split('\n').filter(Boolean).slice(-15).join('\n')}`);
    await page.waitForTimeout(50);
  }
}
