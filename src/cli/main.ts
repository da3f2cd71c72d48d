// `jwt-lens`: parses the command line, runs the command, and turns every failure into an exit code
// and one line on stderr. Anything unforeseen gets a fixed message: its own could quote a key.
import { HELP, parseCommandLine } from './args';
import { runDecode, runScan, runSign, runVerify, type CliIo } from './commands';
import { CliError, EXIT_USAGE } from './cliError';
import { showInvisible } from '../core/text/display';

export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    const args = parseCommandLine(argv);
    switch (args.command) {
      case 'help':
        io.stdout(`${HELP[args.topic ?? 'main']}\n`);
        return 0;
      case 'version':
        io.stdout(`${io.version}\n`);
        return 0;
      case 'scan':
        return await runScan(args, io);
      case 'decode':
        return await runDecode(args, io);
      case 'verify':
        return await runVerify(args, io);
      case 'sign':
        return await runSign(args, io);
    }
  } catch (error) {
    if (error instanceof CliError) {
      // Messages name paths and arguments as given: a control character in one must not reach the terminal.
      io.stderr(`jwt-lens: ${showInvisible(error.message)}\n`);
      return error.exitCode;
    }
    io.stderr('jwt-lens: failed unexpectedly (a bug in jwt-lens; no detail is shown, as it could hold key material).\n');
    return EXIT_USAGE;
  }
}
