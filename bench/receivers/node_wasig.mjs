// Receiver: a wasig runtime with bindOsSignals: true and a JS handler for
// SIGUSR1 on an idle main thread. argv[2]: flavor.
import { writeSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { createRuntime, SIGUSR1 } from '../../dist/index.node.js';

const rt = await createRuntime({ flavor: process.argv[2] ?? 'wasi', bindOsSignals: true });
rt.signal(SIGUSR1, () => {
  const t = process.hrtime.bigint();
  writeSync(1, `${t}\n`);
});
writeSync(1, 'up\n');
createInterface({ input: process.stdin }).on('line', () => writeSync(1, 'ready\n'));
