// The chart of docs/benchmarks.md, written by hand: one bar per compared row,
// its ratio to its peer on a log axis (median bar, whisker to the p99 ratio),
// a tick at the goal; green when the goal is met, red when missed, grey
// without a goal.
const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function chart(rows) {
  const rs = rows.filter((r) => r.ratio && Number.isFinite(r.ratio.median) && r.ratio.median > 0);
  const W = 1000, left = 470, right = 30, top = 40, bar = 16, gap = 8, axisH = 40;
  const H = top + rs.length * (bar + gap) + axisH;
  const lo = -4, hi = 3; // log10 range: 1e-4x .. 1000x
  const x = (v) => left + ((Math.log10(Math.min(Math.max(v, 10 ** lo), 10 ** hi)) - lo) / (hi - lo)) * (W - left - right);
  const out = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="11">`);
  out.push(`<rect width="${W}" height="${H}" fill="white"/>`);
  out.push(`<text x="10" y="20" font-size="14" font-weight="bold">wasig: ratio to the peer measured in the same run (log scale; "faster" rows: peer/this)</text>`);
  for (let e = lo; e <= hi; e++) {
    const X = x(10 ** e);
    out.push(`<line x1="${X}" y1="${top - 6}" x2="${X}" y2="${H - axisH + 4}" stroke="${e === 0 ? '#444' : '#ddd'}"/>`);
    out.push(`<text x="${X}" y="${H - axisH + 18}" text-anchor="middle">${e < 0 ? (10 ** e).toFixed(-e) : 10 ** e}x</text>`);
  }
  rs.forEach((r, i) => {
    const y = top + i * (bar + gap);
    const color = r.goal ? (r.goal.met ? '#3a9d4a' : '#d2453c') : '#9aa3ad';
    const x1 = x(1), x2 = x(r.ratio.median);
    out.push(`<text x="${left - 8}" y="${y + bar - 4}" text-anchor="end">${esc((r.group.split(' ')[0] + ' ' + r.name).slice(0, 78))}</text>`);
    out.push(`<rect x="${Math.min(x1, x2)}" y="${y}" width="${Math.max(1, Math.abs(x2 - x1))}" height="${bar}" fill="${color}"><title>${esc(`${r.id}: ${r.ratio.median.toFixed(3)}x`)}</title></rect>`);
    if (r.ratio.p99 != null && Number.isFinite(r.ratio.p99)) {
      const xp = x(r.ratio.p99);
      out.push(`<line x1="${x2}" y1="${y + bar / 2}" x2="${xp}" y2="${y + bar / 2}" stroke="#222"/><line x1="${xp}" y1="${y + 3}" x2="${xp}" y2="${y + bar - 3}" stroke="#222"/>`);
    }
    if (r.goal?.value) {
      const xg = x(r.goal.value);
      out.push(`<line x1="${xg}" y1="${y - 2}" x2="${xg}" y2="${y + bar + 2}" stroke="#000" stroke-width="2" stroke-dasharray="3,2"/>`);
    }
    out.push(`<text x="${Math.max(x1, x2) + 4}" y="${y + bar - 4}" fill="#222">${r.ratio.median.toFixed(r.ratio.median < 0.01 ? 4 : 2)}x${r.ratio.of === 'peer/this' ? ' faster' : ''}</text>`);
  });
  out.push('</svg>');
  return out.join('\n') + '\n';
}
