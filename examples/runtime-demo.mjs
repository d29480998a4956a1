// wasig in Node, the Python way: a runtime bound to this process's real OS
// signals. The demo sends itself SIGUSR1 and SIGINT with kill(2), and SIGALRM
// through alarm(), and prints what each handler saw.
import {
  createRuntime, KeyboardInterrupt, SIGALRM, SIGINT, SIGUSR1, SIG_BLOCK, SIG_UNBLOCK, Signals,
} from 'wasig';

// Signal listeners do not keep Node running (nor does a handler keep Python
// running): hold the event loop open while the demo waits for its signals.
const keepAlive = setInterval(() => {}, 1 << 30);
for (const flavor of ['wasi', 'emscripten']) {
  console.log(`\n== core built for wasm32-${flavor} ==`);
  const rt = await createRuntime({ flavor, bindOsSignals: true });
  const heard = (name) => new Promise((resolve) => {
    rt.signal(Signals[name], (signum, frame) => {
      console.log(`  handler: ${Signals[signum]} (${signum}, "${rt.strsignal(signum)}"), frame=${frame}`);
      resolve();
    });
  });

  console.log(`process ${process.pid}: kill -USR1 ${process.pid}`);
  let got = heard('SIGUSR1');
  process.kill(process.pid, 'SIGUSR1');
  await got;

  console.log('alarm(1): SIGALRM in one second');
  got = heard('SIGALRM');
  const t0 = performance.now();
  rt.alarm(1);
  await got;
  console.log(`  after ${((performance.now() - t0) / 1000).toFixed(3)} s`);

  console.log('SIGINT with Python\'s default handler: KeyboardInterrupt at the safe point');
  rt.pthreadSigmask(SIG_BLOCK, [SIGINT]);
  process.kill(process.pid, 'SIGINT');
  await new Promise((r) => setTimeout(r, 50));
  console.log(`  pending while blocked: ${[...rt.sigpending()].map((s) => Signals[s])}`);
  try {
    rt.pthreadSigmask(SIG_UNBLOCK, [SIGINT]);
  } catch (e) {
    console.log(`  pthreadSigmask(SIG_UNBLOCK) raised ${e instanceof KeyboardInterrupt ? 'KeyboardInterrupt' : e}`);
  }

  rt.close();

  // Node names no real-time signals, so a runtime bound to the OS cannot
  // take them from outside; an unbound runtime emulates the whole process.
  console.log('an emulated process (no OS binding): realtime signals queue, standard ones coalesce');
  const emu = await createRuntime({ flavor });
  emu.pthreadSigmask(SIG_BLOCK, [SIGUSR1, Signals.SIGRTMIN]);
  for (let i = 0; i < 3; i++) { emu.raiseSignal(SIGUSR1); emu.raiseSignal(Signals.SIGRTMIN); }
  const seen = [];
  emu.signal(SIGUSR1, (s) => seen.push(Signals[s]));
  emu.signal(Signals.SIGRTMIN, (s) => seen.push(Signals[s]));
  emu.pthreadSigmask(SIG_UNBLOCK, [SIGUSR1, Signals.SIGRTMIN]);
  console.log(`  3 of each raised while blocked, handlers ran: ${seen.join(' ')}`);
  emu.close();
}
clearInterval(keepAlive);
