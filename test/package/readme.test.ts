// The README's samples run as written: every code block marked
// `<!-- readme-test: node -->` is saved as a module inside the package (so
// that `import … from 'wasig'` resolves through its exports, as in an
// installed copy) and run with node; it must exit 0 with no stderr, and print
// the lines of the `<!-- readme-test-output: a|b|… -->` after it.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const readme = readFileSync(`${root}/README.md`, 'utf8');

interface Sample { line: number; code: string; output: string[] | null }

function samples(): Sample[] {
  const out: Sample[] = [];
  const re = /<!-- readme-test: node -->\n```js\n([\s\S]*?)```\n(?:<!-- readme-test-output: (.*?) -->)?/g;
  for (let m; (m = re.exec(readme));) {
    out.push({ line: readme.slice(0, m.index).split('\n').length + 2, code: m[1], output: m[2]?.split('|') ?? null });
  }
  return out;
}

describe('README samples', () => {
  test('the README has runnable samples, and every js block is either runnable or part of a bundler recipe', () => {
    expect(samples().length).toBeGreaterThanOrEqual(2);
    const blocks = [...readme.matchAll(/(<!-- [^\n]* -->\n)?```js\n/g)];
    const unmarked = blocks.filter((b) => !b[1]).map((b) => readme.slice(0, b.index).split('\n').length + 1);
    expect(unmarked, 'js blocks without a test marker (lines)').toEqual([]);
  });

  for (const s of samples()) {
    test(`the sample at README.md:${s.line} runs as written`, () => {
      mkdirSync(`${root}/build/readme`, { recursive: true });
      const file = `${root}/build/readme/sample-${s.line}.mjs`;
      writeFileSync(file, s.code);
      const r = spawnSync(process.execPath, [file], { encoding: 'utf8', timeout: 20_000 });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      if (s.output) expect(r.stdout.trim().split('\n')).toEqual(s.output);
    });
  }

  test('README links stay inside the package', () => {
    const files = new Set(JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json'], { cwd: root, encoding: 'utf8' }))[0]
      .files.map((f: { path: string }) => f.path));
    const links = [...readme.matchAll(/\]\(([^)#\s]+)[^)]*\)/g)].map((m) => m[1]).filter((l) => !/^[a-z]+:/.test(l));
    for (const l of links) expect(files.has(l.replace(/^\.\//, '')), `README links ${l}`).toBe(true);
    expect(readme).not.toMatch(/\.\.\/shared\//);
  });
});
