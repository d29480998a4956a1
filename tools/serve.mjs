#!/usr/bin/env node
// A small static server for the wasig page and the browser tests: Node's http
// module, no framework. It serves the repository's dist/, wasm/, web/ (the
// page, at /), build/examples/ (the example guests) and the two xterm packages
// from node_modules, with the headers that make a page cross-origin isolated
// (SharedArrayBuffer exists only there):
//   Cross-Origin-Opener-Policy: same-origin
//   Cross-Origin-Embedder-Policy: require-corp
//
//   node tools/serve.mjs [--port N] [--host H] [--no-isolation] [--quiet]
//
// Paths under /plain/ serve the same files WITHOUT those headers, so one
// server gives both the isolated page (/) and the fallback (/plain/);
// --no-isolation drops them everywhere. --port 0 takes a free port. The
// first line printed is the URL. As a module: `startServer({ port, host })`
// resolves with { url, plainUrl, close() }.
import { createServer } from 'node:http';
import { stat, readFile } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));

// URL prefix -> folder of the repository. Longest prefix first.
const MOUNTS = [
  ['/node_modules/@xterm/xterm/', 'node_modules/@xterm/xterm/'],
  ['/node_modules/@xterm/addon-fit/', 'node_modules/@xterm/addon-fit/'],
  ['/node_modules/pyodide/', 'node_modules/pyodide/'],
  ['/examples/', 'build/examples/'],
  ['/web-examples/', 'build/web-examples/'],
  ['/dist/', 'dist/'],
  ['/wasm/', 'wasm/'],
  ['/test/browser/', 'test/browser/'],
  ['/', 'web/'],
];

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.zip': 'application/zip',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.c': 'text/plain; charset=utf-8',
  '.py': 'text/plain; charset=utf-8',
  '.d.ts': 'text/plain; charset=utf-8',
};

function isolationHeaders() {
  return {
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Embedder-Policy': 'require-corp',
    'Cross-Origin-Resource-Policy': 'same-origin',
  };
}

/** A request the server refuses with 400 (a bad escape in the path). */
class BadRequest extends Error {}

async function resolveFile(pathname) {
  for (const [prefix, dir] of MOUNTS) {
    if (!pathname.startsWith(prefix)) continue;
    const base = resolve(root, dir);
    let rel;
    try {
      rel = decodeURIComponent(pathname.slice(prefix.length));
    } catch {
      throw new BadRequest(`not a valid URL path: ${pathname}`);
    }
    if (rel === '' || rel.endsWith('/')) rel += 'index.html';
    const file = normalize(join(base, rel));
    if (file !== base && !file.startsWith(base + sep)) return null; // ../ escapes
    try {
      const s = await stat(file);
      if (s.isDirectory()) {
        const idx = join(file, 'index.html');
        await stat(idx);
        return idx;
      }
      return file;
    } catch {
      return null;
    }
  }
  return null;
}

export async function startServer({ port = 0, host = '127.0.0.1', isolation = true, quiet = true } = {}) {
  // The relay for pages that are not cross-origin isolated: the package's own
  // (wasig/relay). Guests of /plain/ pages reach it at the origin's root too.
  const { createRelay } = await import('../dist/relay.node.js');
  const relay = createRelay({ headers: isolation ? isolationHeaders() : {} });
  const server = createServer((req, res) => {
    // Nothing a client sends ends the server: a bad request is answered.
    handle(req, res).catch((e) => {
      const bad = e instanceof BadRequest;
      if (!quiet && !bad) console.error(e);
      if (!res.headersSent) res.writeHead(bad ? 400 : 500, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(bad ? `${e.message}\n` : 'internal error\n');
    });
  });
  async function handle(req, res) {
    const url = new URL(req.url ?? '/', 'http://x');
    let pathname = url.pathname;
    let isolated = isolation;
    if (pathname === '/plain') pathname = '/plain/';
    if (pathname.startsWith('/plain/')) {
      isolated = false;
      pathname = pathname.slice('/plain'.length);
    }
    const headers = { 'Cache-Control': 'no-store', ...(isolated ? isolationHeaders() : {}) };
    if (relay(req, res)) return;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { ...headers, Allow: 'GET, HEAD' }).end();
      return;
    }
    const file = await resolveFile(pathname);
    if (!file && pathname === '/favicon.ico') {
      res.writeHead(204, headers).end(); // browsers ask for it on their own
      return;
    }
    if (!file) {
      if (!quiet) console.error(`404 ${req.url}`);
      res.writeHead(404, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' }).end(`not found: ${pathname}\n`);
      return;
    }
    try {
      const body = await readFile(file);
      const type = file.endsWith('.d.ts') ? TYPES['.d.ts'] : (TYPES[extname(file)] ?? 'application/octet-stream');
      res.writeHead(200, { ...headers, 'Content-Type': type, 'Content-Length': body.length });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch (e) {
      res.writeHead(500, headers).end(String(e));
    }
  }
  await new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, host, ok);
  });
  const addr = server.address();
  const url = `http://${host}:${addr.port}/`;
  return {
    url,
    plainUrl: `${url}plain/`,
    port: addr.port,
    close: () => new Promise((ok) => { server.closeAllConnections?.(); server.close(() => ok()); }),
  };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const opt = (name, dflt) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : dflt;
  };
  const isolation = !args.includes('--no-isolation');
  const port = Number(opt('--port', process.env.PORT ?? 8080));
  const host = opt('--host', '127.0.0.1');
  let s;
  try {
    s = await startServer({ port, host, isolation, quiet: args.includes('--quiet') });
  } catch (e) {
    if (e.code === 'EADDRINUSE') {
      console.error(`serve: port ${port} is in use: try 'make serve PORT=0' (a free port) or another PORT`);
      process.exit(2);
    }
    throw e;
  }
  console.log(s.url);
  console.log(isolation
    ? `  cross-origin isolated (COOP/COEP): SharedArrayBuffer delivery. Without isolation (the fallback): ${s.plainUrl}`
    : '  served WITHOUT COOP/COEP: the page falls back to delivery at the guest\'s blocking calls');
  console.log('  Ctrl+C here stops the server');
  process.on('SIGINT', () => { void s.close().then(() => process.exit(0)); });
  process.on('SIGTERM', () => { void s.close().then(() => process.exit(0)); });
}
