// The terminal page: a small shell in xterm.js that runs wasm guests and
// Python programs (Pyodide, spawnPython) in Web Workers, a line discipline that turns keys into signals for the foreground
// program (Ctrl+C SIGINT, Ctrl+\ SIGQUIT, Ctrl+Z SIGTSTP, a resize SIGWINCH),
// and a control panel that sends any signal to any program.
import * as wasig from 'wasig';
import { Terminal } from '@xterm/xterm';
import { FitAddon } from '@xterm/addon-fit';

const { Signals, SI_KERNEL, SIGINT, SIGQUIT, SIGTSTP, SIGCONT, SIGWINCH } = wasig;

// ---- programs ------------------------------------------------------------------
const PROGRAMS = {
  progress: { dir: 'examples', component: true, what: 'counts primes in a busy loop; SIGUSR1 reports, Ctrl+C stops it' },
  watch: { dir: 'web-examples', what: 'blocks in sigtimedwait; prints each signal\'s siginfo and SIGWINCH sizes' },
  eventloop: { dir: 'examples', component: true, what: 'an event loop on sigwaitinfo with a 1 s itimer heartbeat' },
  graceful: { dir: 'examples', what: 'a server that shuts down gracefully on SIGTERM or Ctrl+C' },
  timeout: { dir: 'examples', what: 'asks your name; alarm() interrupts the read. Usage: timeout [seconds]' },
  tour: { dir: 'examples', lang: 'assemblyscript', what: 'AssemblyScript: waits for SIGUSR2, then a busy loop; SIGUSR1 reports, Ctrl+C stops it' },
  python: { lang: 'python', file: 'python/repl.py', what: 'Python (Pyodide): the interactive console; Ctrl+C raises KeyboardInterrupt, signal.alarm fires in busy loops, Ctrl+D ends it' },
  pysignals: { lang: 'python', file: 'python/pysignals.py', what: 'Python (Pyodide): a busy loop with handlers for SIGUSR1, SIGWINCH, SIGTSTP (then stops), SIGINT and SIGTERM' },
};
// The Python programs' text, fetched once (spawnPython takes code).
const pythonCode = Object.fromEntries(await Promise.all(Object.entries(PROGRAMS)
  .filter(([, p]) => p.lang === 'python')
  .map(async ([name, p]) => [name, await (await fetch(p.file)).text()])));
const signalNames = [];
for (let n = 1; n < wasig.NSIG; n++) {
  const name = Signals[n];
  if (name) signalNames.push([n, name]);
  else if (n >= wasig.SIGRTMIN) signalNames.push([n, n === wasig.SIGRTMIN ? 'SIGRTMIN' : `SIGRTMIN+${n - wasig.SIGRTMIN}`]);
}
const sigName = (n) => signalNames.find(([k]) => k === n)?.[1] ?? `signal ${n}`;

// ---- isolation -------------------------------------------------------------------
const isolated = wasig.sharedDelivery();
const badge = document.getElementById('isolation');
badge.textContent = isolated ? 'cross-origin isolated · immediate delivery' : 'NOT isolated · fallback delivery';
badge.className = `badge ${isolated ? 'ok' : 'warn'}`;
const banner = document.getElementById('fallback-banner');
function showFallback(text) {
  banner.hidden = false;
  banner.textContent = `⚠ ${text}`;
}
addEventListener('wasig-fallback', (e) => showFallback(e.detail));
if (!isolated) {
  // Say it at once, on the page and in the console (once), before any program runs.
  showFallback(wasig.NOT_ISOLATED_WARNING);
  wasig.warnNotIsolated();
}

// ---- terminal ----------------------------------------------------------------------
// A smaller font on phones, so that a line still holds about 80 columns.
const narrow = window.matchMedia('(max-width: 760px)');
const term = new Terminal({
  convertEol: true, cursorBlink: true, fontSize: narrow.matches ? 12 : 14, scrollback: 5000,
  fontFamily: 'ui-monospace, "DejaVu Sans Mono", Menlo, monospace',
  theme: { background: '#000000', foreground: '#d6dde6', cursor: '#5ccfe6', selectionBackground: '#33404f' },
});
const fit = new FitAddon();
term.loadAddon(fit);
term.open(document.getElementById('terminal'));
fit.fit();
let autoFit = true;
narrow.addEventListener('change', () => { term.options.fontSize = narrow.matches ? 12 : 14; if (autoFit) fit.fit(); });

const C = { dim: '\x1b[2m', cyan: '\x1b[36m', green: '\x1b[32m', yellow: '\x1b[33m', red: '\x1b[31m', magenta: '\x1b[35m', bold: '\x1b[1m', off: '\x1b[0m' };
const PROMPT = `${C.cyan}wasig${C.off}$ `;

// ---- log --------------------------------------------------------------------------
const logEl = document.getElementById('log');
const t0 = performance.now();
function log(kind, text) {
  const li = document.createElement('li');
  li.className = kind;
  const t = document.createElement('span');
  t.className = 't';
  t.textContent = `${((performance.now() - t0) / 1000).toFixed(2)}s`;
  li.append(t, text);
  logEl.append(li);
  logEl.scrollTop = logEl.scrollHeight;
}
document.getElementById('clear-log').onclick = () => { logEl.textContent = ''; };

// ---- jobs -------------------------------------------------------------------------
const jobs = []; // { id, pid, name, flavor, proc, state, status, row }
let fg = null;
const flavorSel = document.getElementById('flavor');

function exitText(s) {
  if (!s) return '';
  if (s.signal) return `killed by ${sigName(s.signal)} (${s.signal})${s.error ? `: ${s.error}` : ''}`;
  if (s.code !== null && s.code !== undefined) return `exited with status ${s.code}`;
  return `failed: ${s.error}`;
}

function startJob(name, args, background) {
  const p = PROGRAMS[name];
  // An AssemblyScript program has one build; spawn() recognizes it.
  const flavor = p.lang ?? flavorSel.value;
  // Components (wasig cc --component) are built for some programs only.
  if (flavor === 'component' && !p.component) {
    term.write(`${C.red}${name}: no component build of it (the component programs: ${Object.keys(PROGRAMS).filter((k) => PROGRAMS[k].component).join(', ')})${C.off}\n`);
    return null;
  }
  const env = { COLUMNS: String(term.cols), LINES: String(term.rows), TERM: 'xterm-256color' };
  let proc;
  try {
    if (p.lang === 'python') {
      // Pyodide in a Web Worker: stdin is the page's line discipline (proc.stdin).
      proc = wasig.spawnPython({ code: pythonCode[name], args, env, pyodide: new URL('node_modules/pyodide/', location.href).href });
    } else {
      const url = p.lang ? `${p.dir}/${p.lang}/${name}.wasm` : flavor === 'emscripten' ? `${p.dir}/emscripten/${name}.mjs` : `${p.dir}/${flavor}/${name}.wasm`;
      proc = wasig.spawn(new URL(url, location.href).href, { args, env, argv0: name, flavor, ...(tty ? { terminal: tty } : {}) });
    }
  } catch (e) {
    term.write(`${C.red}${name}: ${e.message}${C.off}\n`);
    return null;
  }
  const job = { id: jobs.length + 1, pid: proc.pid, name, args, flavor, proc, state: 'starting', status: null };
  jobs.push(job);
  const dec = [new TextDecoder(), new TextDecoder()];
  proc.on('stdout', (d) => term.write(dec[0].decode(d, { stream: true })));
  proc.on('stderr', (d) => term.write(`${C.red}${dec[1].decode(d, { stream: true })}${C.off}`));
  proc.on('stop', (sig) => {
    job.state = 'stopped';
    log('stop', `pid ${job.pid} (${name}) stopped by ${sigName(sig)}`);
    if (fg === job) {
      fg = null;
      term.write(`\n${C.magenta}[${job.id}]+  Stopped                 ${name}${C.off}  ${C.dim}(fg ${job.id} resumes it, bg ${job.id} runs it in the background)${C.off}\n`);
      prompt();
    }
    render();
  });
  proc.on('continue', () => {
    job.state = 'running';
    log('stop', `pid ${job.pid} (${name}) continued by SIGCONT`);
    render();
  });
  proc.ready.then(() => { if (job.state === 'starting') job.state = 'running'; render(); }, () => {});
  proc.exited.then((s) => ended(job, s), (e) => ended(job, { code: null, signal: null, error: e.message }));
  log('info', `started pid ${job.pid}: ${name}${args.length ? ' ' + args.join(' ') : ''} (${flavor})${background ? ' in the background' : ''}`);
  if (background) term.write(`[${job.id}] ${job.pid}\n`);
  else setForeground(job);
  render();
  return job;
}

function ended(job, s) {
  job.state = s.signal ? 'killed' : 'exited';
  job.status = s;
  log(s.signal ? 'killed' : 'exit', `pid ${job.pid} (${job.name}) ${exitText(s)}`);
  if (fg === job) {
    fg = null;
    const color = s.signal ? C.red : s.code ? C.yellow : C.green;
    term.write(`${color}[${job.name} ${exitText(s)}]${C.off}\n`);
    prompt();
  } else {
    term.write(`\r\x1b[K${C.dim}[${job.id}]  Done: ${job.name}, ${exitText(s)}${C.off}\n`);
    if (!fg) redrawLine();
  }
  render();
}

/** Sends a signal as the terminal or the panel would; value rides in si_value. */
function send(job, sig, why, value = 0) {
  if (!job || job.status) return false;
  try {
    if (why === 'tty' || sig === SIGWINCH) job.proc.receive(sig, SI_KERNEL, 0, 0, value);
    else job.proc.kill(sig);
    log('sent', `${sigName(sig)} → pid ${job.pid} (${job.name})${why && why !== 'tty' ? ` ${why}` : ''}`);
    return true;
  } catch (e) {
    log('killed', `${sigName(sig)} → pid ${job.pid}: ${e.message}`);
    return false;
  }
}

// ---- the panel --------------------------------------------------------------------
const tbody = document.querySelector('#procs tbody');
const launch = document.getElementById('launch');
for (const [name, p] of Object.entries(PROGRAMS)) {
  const b = document.createElement('button');
  b.innerHTML = `▶ ${name}`;
  b.title = p.what;
  b.dataset.program = name;
  b.onclick = () => { if (fg) { startJob(name, [], true); } else { term.write(`${name}\n`); startJob(name, [], false); } term.focus(); };
  launch.append(b);
}

function render() {
  document.getElementById('no-procs').hidden = jobs.length > 0;
  tbody.textContent = '';
  for (const job of [...jobs].reverse()) {
    const tr = document.createElement('tr');
    tr.dataset.pid = job.pid;
    const label = job.status ? exitText(job.status) : job.state;
    tr.innerHTML = `<td class="pid">${job.pid}</td>
      <td>${job.name}<small style="color:var(--dim)"> ${job.flavor}</small>${fg === job ? '<span class="fg">fg</span>' : ''}</td>
      <td><span class="state ${job.state}">${label}</span></td><td></td>`;
    const cell = tr.lastElementChild;
    if (!job.status) {
      const box = document.createElement('div');
      box.className = 'send';
      const sel = document.createElement('select');
      sel.setAttribute('aria-label', `signal for pid ${job.pid}`);
      const chosen = job.chosen ?? 10;
      for (const [n, name] of signalNames) sel.add(new Option(`${n} ${name}`, String(n), n === chosen, n === chosen));
      sel.onchange = () => { job.chosen = Number(sel.value); };
      const go = document.createElement('button');
      go.textContent = 'send';
      go.onclick = () => { send(job, Number(sel.value), 'from the panel'); term.focus(); };
      box.append(sel, go);
      const quick = document.createElement('div');
      quick.className = 'quick';
      for (const s of ['INT', 'TERM', 'USR1', 'STOP', 'CONT', 'KILL']) {
        const q = document.createElement('button');
        q.textContent = s;
        q.onclick = () => { send(job, Signals[`SIG${s}`], 'from the panel'); term.focus(); };
        quick.append(q);
      }
      cell.append(box, quick);
    }
    tbody.append(tr);
  }
}
render();

// ---- the shell and its line discipline --------------------------------------------
let line = '';
function prompt() { line = ''; term.write(PROMPT); }
function redrawLine() { term.write(`\r\x1b[K${PROMPT}${line}`); }

function help() {
  term.write(`${C.bold}Programs${C.off} (C compiled with wasig cc, AssemblyScript, Python on Pyodide; each in its own Web Worker):\n`);
  for (const [name, p] of Object.entries(PROGRAMS)) term.write(`  ${C.cyan}${name.padEnd(10)}${C.off} ${p.what}\n`);
  term.write(`${C.bold}Shell${C.off}: ${C.cyan}name [args] [&]${C.off} runs one · ${C.cyan}jobs${C.off} · ${C.cyan}fg${C.off}/${C.cyan}bg${C.off} [n] · ` +
    `${C.cyan}kill [-SIG] pid${C.off} · ${C.cyan}flavor wasi|emscripten|component${C.off} · ${C.cyan}clear${C.off} · ${C.cyan}help${C.off}\n`);
  term.write(`${C.bold}Keys${C.off} for the foreground program: ${C.yellow}Ctrl+C${C.off} SIGINT, ${C.yellow}Ctrl+\\${C.off} SIGQUIT, ${C.yellow}Ctrl+Z${C.off} SIGTSTP, ` +
    `${C.yellow}Ctrl+D${C.off} end of input; resizing the terminal sends SIGWINCH.\n`);
}

function findJob(arg) {
  if (!arg) return [...jobs].reverse().find((j) => !j.status && (j.state === 'stopped' || j !== fg));
  const n = Number(arg.replace(/^%/, ''));
  return jobs.find((j) => (arg.startsWith('%') ? j.id === n : j.pid === n || j.id === n) && !j.status);
}

function runCommand(text) {
  const words = text.trim().split(/\s+/).filter(Boolean);
  if (!words.length) return prompt();
  let background = false;
  if (words.at(-1) === '&') { background = true; words.pop(); }
  const [cmd, ...args] = words;
  switch (cmd) {
    case 'help': case '?': help(); break;
    case 'clear': term.clear(); break;
    case 'flavor':
      if (args[0] === 'wasi' || args[0] === 'emscripten' || args[0] === 'component') { flavorSel.value = args[0]; }
      term.write(`flavor: ${flavorSel.value}\n`);
      break;
    case 'jobs':
      for (const j of jobs.filter((j) => !j.status)) term.write(`[${j.id}] ${j.pid} ${j.state.padEnd(8)} ${j.name} ${j.args.join(' ')}\n`);
      break;
    case 'fg': case 'bg': {
      const j = findJob(args[0]);
      if (!j) { term.write(`${cmd}: no such job\n`); break; }
      term.write(`${j.name}\n`);
      if (j.state === 'stopped') send(j, SIGCONT, `(${cmd})`);
      if (cmd === 'fg') { setForeground(j); render(); return; }
      break;
    }
    case 'kill': {
      // As bash's: usage only for bad use, one message per pid that is not there.
      let sig = wasig.SIGTERM;
      if (args[0]?.startsWith('-') && args[0] !== '-') {
        const s = args.shift().slice(1);
        sig = /^\d+$/.test(s) ? Number(s) : Signals[s.toUpperCase().startsWith('SIG') ? s.toUpperCase() : `SIG${s.toUpperCase()}`];
        if (sig === undefined || sig < 0 || sig >= wasig.NSIG) { term.write(`kill: ${s}: invalid signal specification\n`); break; }
      }
      if (!args.length) { term.write(`kill: usage: kill [-SIGNAL] pid | %job ...\n`); break; }
      for (const a of args) {
        if (!/^%?\d+$/.test(a)) { term.write(`kill: ${a}: arguments must be process or job IDs\n`); continue; }
        const j = findJob(a);
        if (!j) term.write(a.startsWith('%') ? `kill: ${a}: no such job\n` : `kill: (${a}) - No such process\n`);
        else send(j, sig, '(kill)');
      }
      break;
    }
    default:
      if (PROGRAMS[cmd]) {
        if (startJob(cmd, args, background) && !background) return;
      } else {
        term.write(`${cmd}: command not found (try ${C.cyan}help${C.off})\n`);
      }
  }
  prompt();
}

// The guests' terminal (isatty, termios, TIOCGWINSZ): the xterm, its size,
// and the foreground job. It needs SharedArrayBuffer; without it the guests
// have no terminal.
const tty = isolated ? new wasig.Terminal({ cols: term.cols, rows: term.rows }) : null;
tty?.on('echo', (d) => term.write(d));
function setForeground(job) {
  fg = job;
  if (tty && job) tty.foreground = job.pid;
}

// Keys: with a foreground program, the line discipline (ICANON + ISIG): the
// signal keys send signals, the rest is edited and sent a line at a time. A
// program that turned either off (raw or cbreak mode) gets every key through
// the terminal's own line discipline, as on Linux (^C is then byte 3).
const KEY_SIGNALS = { '\x03': [SIGINT, '^C'], '\x1c': [SIGQUIT, '^\\'], '\x1a': [SIGTSTP, '^Z'] };
term.onData((data) => {
  if (fg && tty?.raw && tty.foreground === fg.pid) { tty.input(data); return; }
  for (const ch of data) {
    if (fg) {
      const ks = KEY_SIGNALS[ch];
      if (ks) {
        term.write(`${C.yellow}${ks[1]}${C.off}\n`);
        line = '';
        send(fg, ks[0], 'tty');
        log('info', `(${ks[1]} in the terminal)`);
      } else if (ch === '\r') {
        term.write('\n');
        fg.proc.stdin.write(`${line}\n`);
        line = '';
      } else if (ch === '\x04') {
        if (line) { fg.proc.stdin.write(line); line = ''; } else fg.proc.stdin.end();
      } else if (ch === '\x7f') {
        if (line) { line = line.slice(0, -1); term.write('\b \b'); }
      } else if (ch >= ' ') {
        line += ch;
        term.write(ch);
      }
      continue;
    }
    if (ch === '\r') { term.write('\n'); const l = line; line = ''; runCommand(l); }
    else if (ch === '\x03') { term.write('^C\n'); prompt(); }
    else if (ch === '\x7f') { if (line) { line = line.slice(0, -1); term.write('\b \b'); } }
    else if (ch === '\x0c') { term.clear(); redrawLine(); }
    else if (ch >= ' ' && ch !== '\x7f') { line += ch; term.write(ch); }
  }
});

// Resizes: SIGWINCH to the foreground program, the size in si_value.
const sizeEl = document.getElementById('term-size');
term.onResize(({ cols, rows }) => {
  sizeEl.textContent = `${cols}×${rows}`;
  // The new size first (TIOCGWINSZ), then the signal the page sends itself.
  tty?.resize(cols, rows, false);
  if (fg) send(fg, SIGWINCH, `(resized to ${cols}×${rows})`, (rows << 16) | cols);
  else log('info', `terminal resized to ${cols}×${rows}`);
});
sizeEl.textContent = `${term.cols}×${term.rows}`;
for (const b of document.querySelectorAll('[data-size]')) {
  b.onclick = () => {
    const s = b.dataset.size;
    if (s === 'fit') { autoFit = true; fit.fit(); } else {
      autoFit = false;
      const [c, r] = s.split('x').map(Number);
      term.resize(c, r);
    }
    term.focus();
  };
}
new ResizeObserver(() => { if (autoFit) fit.fit(); }).observe(document.getElementById('terminal'));

term.write(`${C.bold}${C.cyan}wasig${C.off} — POSIX signals for WebAssembly programs. ${isolated ? `${C.green}Cross-origin isolated: signals reach running programs at once.${C.off}` : `${C.yellow}Not cross-origin isolated: fallback delivery (see the banner).${C.off}`}\n`);
help();
prompt();
term.focus();

// For the tests and the curious: the page's state.
window.app = { term, jobs, get fg() { return fg; }, send, startJob, runCommand, isolated };
window.appReady = true;
