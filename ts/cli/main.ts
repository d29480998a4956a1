// The `wasig` command (bin/wasig.js).
import { CC_HELP, cc } from './cc.js';
import { RUN_HELP, run } from './run.js';

const HELP = `wasig — POSIX signals for WebAssembly programs

usage:
  wasig cc [--target wasi|emscripten] prog.c -o prog.wasm   compile a C program with <signal.h>
  wasig run prog.wasm [args...]                            run it; real signals reach it
  wasig --help | wasig cc --help | wasig run --help

${CC_HELP}

${RUN_HELP}

Example:
  wasig cc hello.c -o hello.wasm && wasig run hello.wasm     (then press Ctrl+C)`;

export async function main(argv: string[]): Promise<void> {
  const [cmd, ...rest] = argv;
  if (!cmd || cmd === '--help' || cmd === '-h' || cmd === 'help') {
    process.stdout.write(HELP + '\n');
    process.exit(cmd ? 0 : 2);
  }
  if (cmd === 'cc') process.exit(cc(rest));
  if (cmd === 'run') return run(rest);
  process.stderr.write(`wasig: unknown command '${cmd}' (try wasig --help)\n`);
  process.exit(2);
}
