// The relay that guests of pages WITHOUT cross-origin isolation need (see
// guest/browser/fallback.ts). Such a page has no SharedArrayBuffer, so it
// cannot write into its guest's memory nor wake a guest that waits; instead
// the page POSTs each signal (and stdin) to `/__wasig/relay/<id>` on its own
// origin, and the guest's worker takes them with a synchronous GET that waits
// up to `?wait=ms`. Per guest it is one bounded queue: a page or a worker can
// make the server hold no more than the limits below (413, 429 and 503 past
// them), and queues nobody reads for `idleMs` are dropped.
//
// It is a connect-style middleware, so it mounts in node:http, express,
// connect and vite's dev/preview servers alike:
//   http.createServer((req, res) => relay(req, res, () => serveStatic(req, res)))
//   vite: plugins: [{ name: 'wasig-relay', configureServer: (s) => { s.middlewares.use(createRelay()); } }]
import type { IncomingMessage, ServerResponse } from 'node:http';
import { RELAY_PATH, type RelayOptions } from './relay-contract.js';

export { RELAY_PATH, type RelayOptions };


/** Handles requests under {@link RELAY_PATH}; calls `next()` (when given)
 *  for every other request and returns whether it handled this one. */
export type Relay = (req: IncomingMessage, res: ServerResponse, next?: (err?: unknown) => void) => boolean;

/** Longest a GET waits for a message, whatever `?wait=` asks. */
const WAIT_MAX_MS = 30_000;

interface Queue { msgs: unknown[]; waiter: (() => void) | null; used: number }

const OPTION_NAMES = ['maxBody', 'maxQueue', 'maxGuests', 'idleMs', 'headers'];

function positive(options: RelayOptions, name: 'maxBody' | 'maxQueue' | 'maxGuests' | 'idleMs', dflt: number): number {
  const v = options[name] ?? dflt;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) throw new TypeError(`createRelay: ${name} must be a positive integer, not ${String(v)}`);
  return v;
}

/** A relay with its own queues (one per server is the usual). */
export function createRelay(options: RelayOptions = {}): Relay {
  if (typeof options !== 'object' || options === null) throw new TypeError('createRelay: options must be an object');
  for (const k of Object.keys(options)) {
    if (!OPTION_NAMES.includes(k)) throw new TypeError(`createRelay: unknown option '${k}' (valid: ${OPTION_NAMES.join(', ')})`);
  }
  const maxBody = positive(options, 'maxBody', 1 << 20);
  const maxQueue = positive(options, 'maxQueue', 10_000);
  const maxGuests = positive(options, 'maxGuests', 1000);
  const idleMs = positive(options, 'idleMs', 600_000);
  const extra = { 'Cache-Control': 'no-store', ...options.headers };
  const json = { ...extra, 'Content-Type': 'application/json; charset=utf-8' };
  const queues = new Map<string, Queue>();

  function queueOf(id: string, res: ServerResponse): Queue | null {
    let q = queues.get(id);
    if (!q) {
      const now = Date.now();
      for (const [k, v] of queues) if (now - v.used > idleMs && !v.waiter) queues.delete(k);
      if (queues.size >= maxGuests) { res.writeHead(503, json).end('{"error":"too many guests"}'); return null; }
      q = { msgs: [], waiter: null, used: now };
      queues.set(id, q);
    }
    q.used = Date.now();
    return q;
  }

  function post(req: IncomingMessage, res: ServerResponse, q: Queue): void {
    const parts: Buffer[] = [];
    let size = 0;
    req.on('data', (d: Buffer) => {
      size += d.length;
      if (size <= maxBody) parts.push(d);
    });
    req.on('end', () => {
      if (size > maxBody) { res.writeHead(413, json).end('{"error":"body too large"}'); return; }
      let msgs: unknown;
      try {
        msgs = JSON.parse(Buffer.concat(parts).toString('utf8') || '[]');
      } catch {
        res.writeHead(400, json).end('{"error":"not JSON"}');
        return;
      }
      const list = Array.isArray(msgs) ? msgs : [msgs];
      if (q.msgs.length + list.length > maxQueue) { res.writeHead(429, json).end('{"error":"queue full"}'); return; }
      q.msgs.push(...list);
      q.waiter?.();
      res.writeHead(200, json).end('{}');
    });
  }

  function get(req: IncomingMessage, res: ServerResponse, q: Queue, wait: number): void {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const answer = () => {
      clearTimeout(timer);
      if (q.waiter === answer) q.waiter = null;
      const msgs = q.msgs.splice(0);
      if (!res.writableEnded) res.writeHead(200, json).end(JSON.stringify(msgs));
    };
    if (q.msgs.length || !(wait > 0)) { answer(); return; }
    q.waiter?.(); // one reader per guest: an older one answers now
    q.waiter = answer;
    timer = setTimeout(answer, Math.min(wait, WAIT_MAX_MS));
    req.on('close', () => { if (q.waiter === answer) { clearTimeout(timer); q.waiter = null; } });
  }

  return (req, res, next) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (!url.pathname.startsWith(RELAY_PATH)) { next?.(); return false; }
    const id = url.pathname.slice(RELAY_PATH.length);
    if (!/^[\w.-]{1,100}$/.test(id)) { res.writeHead(400, json).end('{"error":"bad guest id"}'); return true; }
    if (req.method === 'DELETE') { queues.delete(id); res.writeHead(200, json).end('{}'); return true; }
    if (req.method !== 'GET' && req.method !== 'POST') {
      res.writeHead(405, { ...json, Allow: 'GET, POST, DELETE' }).end('{"error":"method not allowed"}');
      return true;
    }
    const q = queueOf(id, res);
    if (!q) return true;
    if (req.method === 'POST') post(req, res, q);
    else get(req, res, q, Number(url.searchParams.get('wait') ?? 0));
    return true;
  };
}
