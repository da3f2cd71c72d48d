// The CLI's failures: a usage or I/O problem is exit code 2 with one line on stderr, never a stack
// trace and never key material (messages come from the core's key-safe texts or name only paths).
export const EXIT_CLEAN = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    message: string,
    readonly exitCode: number = EXIT_USAGE,
  ) {
    super(message);
  }
}

/** A Node error's code (ENOENT, EACCES…) in words, with the path: no other part of the error is shown. */
export function ioError(error: unknown, what: string, path: string, verb: 'read' | 'write' = 'read'): CliError {
  const code = (error as { code?: unknown }).code;
  const reason =
    code === 'ENOENT'
      ? 'no such file'
      : code === 'EACCES' || code === 'EPERM'
        ? 'permission denied'
        : code === 'EISDIR'
          ? 'it is a folder'
          : typeof code === 'string'
            ? code
            : `${verb} failed`;
  return new CliError(`Cannot ${verb} ${what} ${path}: ${reason}.`);
}
