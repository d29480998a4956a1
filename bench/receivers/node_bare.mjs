// Receiver: a bare Node process.on('SIGUSR1') listener on an idle main thread.
import { writeSync } from 'node:fs';
import { createInterface } from 'node:readline';

process.on('SIGUSR1', () => {
  const t = process.hrtime.bigint();
  writeSync(1, `${t}\n`);
});
writeSync(1, 'up\n');
createInterface({ input: process.stdin }).on('line', () => writeSync(1, 'ready\n'));
