// What both builds of `wasig/relay` and the fallback worker agree on.

/** Where a guest of a page without cross-origin isolation finds the relay:
 *  this path on the page's own origin (the server mounts `wasig/relay`). */
export const RELAY_PATH = '/__wasig/relay/';

/** Limits and headers of a relay (every limit a positive integer). */
export interface RelayOptions {
  /** Largest POST body in bytes (413 past it). Default 1 MiB. */
  maxBody?: number;
  /** Messages waiting per guest (429 past it). Default 10,000. */
  maxQueue?: number;
  /** Guests with a queue at once (503 past it). Default 1000. */
  maxGuests?: number;
  /** A queue nobody used for this long is dropped. Default 10 minutes. */
  idleMs?: number;
  /** Headers added to every answer (e.g. the page's COOP/COEP). */
  headers?: Record<string, string>;
}
