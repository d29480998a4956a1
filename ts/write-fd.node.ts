// Writes all of `bytes` to a host fd from a worker: a full non-blocking pipe
// (EAGAIN) is retried; a closed reader (EPIPE) ends the write and returns
// false, for the caller to answer as Linux does (SIGPIPE, EPIPE).
import { writeSync } from 'node:fs';

export function writeFd(fd: number, bytes: Uint8Array): boolean {
  let at = 0;
  while (at < bytes.length) {
    try {
      at += writeSync(fd, bytes, at, bytes.length - at);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') continue;
      if (code === 'EPIPE') return false;
      throw e;
    }
  }
  return true;
}
