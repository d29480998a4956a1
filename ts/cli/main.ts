// The `wasig` command (bin/wasig.js): `wasig [--help | --version]` or
// `wasig COMMAND [ARGS...]`, options through util.parseArgs (args.ts).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, splitAtOperand, UsageError } from './args.js';
import { CC_HELP, CC_USAGE, cc, root } from './cc.js';
import { RUN_HELP, RUN_USAGE, run } from './run.js';

const USAGE = `usage: wasig [--help | --version] COMMAND [ARGS...]
  ${CC_USAGE.replace('usage: ', '')}
  ${RUN_USAGE.replace('usage: ', '')}`;

const HELP = `wasig — POSIX signals for WebAssembly programs

usage:
  wasig cc [--target wasi|emscripten] prog.c -o prog.wasm   compile a C program with <signal.h>
  wasig run prog.wasm [args...]                            run it; real signals reach it
  wasig --help | wasig cc --help | wasig run --help
  wasig --version

${CC_HELP}

${RUN_HELP}

Example:
  wasig cc hello.c -o hello.wasm && wasig run hello.wasm     (then press Ctrl+C)`;

const OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'V' },
} as const;

function usage(msg: string): never {
  process.stderr.write(`wasig: ${msg}\n${USAGE}\nTry 'wasig --help' for more.\n`);
  process.exit(2);
}

export function version(): string {
  return JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;
}

export async function main(argv: string[]): Promise<void> {
  const { own, operand: cmd, after } = splitAtOperand(argv, OPTIONS);
  let values;
  try {
    ({ values } = parse(own, OPTIONS));
  } catch (e) {
    if (e instanceof UsageError) usage(e.message);
    throw e;
  }
  if (values.help) {
    process.stdout.write(HELP + '\n');
    process.exit(0);
  }
  if (values.version) {
    process.stdout.write(`wasig ${version()}\n`);
    process.exit(0);
  }
  if (cmd === undefined) usage('no command given');
  if (cmd === 'help') {
    process.stdout.write((after[0] === 'cc' ? CC_HELP : after[0] === 'run' ? RUN_HELP : HELP) + '\n');
    process.exit(0);
  }
  if (cmd === 'cc') process.exit(await cc(after));
  if (cmd === 'run') return run(after);
  usage(`unknown command '${cmd}'`);
}
