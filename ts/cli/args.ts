// Command-line conventions shared by the wasig commands: options parsed by
// util.parseArgs, bad use reported in one line naming the option, with the
// usage on stderr and exit status 2; --help on stdout with status 0.
import { parseArgs, type ParseArgsConfig } from 'node:util';

type Options = NonNullable<ParseArgsConfig['options']>;

/** Bad use of a command: printed with the command's usage, exit status 2. */
export class UsageError extends Error {}

function longName(spec: string, options: Options): string {
  const last = spec.split('/').at(-1)!;
  if (last.startsWith('--')) return last;
  const long = Object.keys(options).find((k) => options[k].short === last.slice(1));
  return long ? `--${long}` : last;
}

/** parseArgs' own messages, in one line that names the option. */
function reword(e: NodeJS.ErrnoException, options: Options): string {
  const m = e.message;
  // The option as parseArgs shows it: "-o, --output <value>", "--target".
  const spec = (/'([^']+)'/.exec(m)?.[1] ?? '').replace(/ <value>$/, '').replace(', ', '/');
  switch (e.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION': return `unknown option '${spec}'`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL': return `unexpected argument '${spec}'`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      if (/argument missing/.test(m)) return `option ${spec} needs a value`;
      if (/ambiguous/.test(m)) return `option ${spec} needs a value, and the next argument is an option (write ${longName(spec, options)}=VALUE for a value that starts with '-')`;
      if (/does not take an argument/.test(m)) return `option ${spec} takes no value`;
      return m.split('\n')[0];
    default: return m.split('\n')[0];
  }
}

/** util.parseArgs in strict mode; its errors become UsageErrors. */
export function parse<O extends Options>(args: string[], options: O):
  ReturnType<typeof parseArgs<{ args: string[]; options: O; strict: true; allowPositionals: false }>> {
  try {
    return parseArgs({ args, options, allowPositionals: false, strict: true });
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code?.startsWith('ERR_PARSE_ARGS_')) throw new UsageError(reword(err, options));
    throw e;
  }
}

/** The options of `args` up to its first operand (a positional argument, or
 *  what follows `--`), and the rest as written: a program's own arguments. */
export function splitAtOperand(args: string[], options: Options): { own: string[]; operand: string | undefined; after: string[] } {
  const { tokens } = parseArgs({ args, options, allowPositionals: true, strict: false, tokens: true });
  for (const t of tokens) {
    if (t.kind === 'positional') return { own: args.slice(0, t.index), operand: args[t.index], after: args.slice(t.index + 1) };
    if (t.kind === 'option-terminator') return { own: args.slice(0, t.index), operand: args[t.index + 1], after: args.slice(t.index + 2) };
  }
  return { own: args, operand: undefined, after: [] };
}
