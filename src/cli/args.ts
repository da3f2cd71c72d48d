// Command-line arguments: node's own parseArgs (strict: an unknown option is an error), with each
// subcommand's options and help. A usage mistake is a CliError (exit code 2) saying what to type.
import { parseArgs } from 'node:util';
import { CliError } from './cliError';
import { FAIL_ON_LEVELS, OUTPUT_FORMATS, type FailOn, type OutputFormat } from './report';
import { KEYS_VARIABLE, SIGNING_KEY_VARIABLE } from './keyFiles';
import { CONFIG_FILE } from './configFile';
import { CLAIMS_TEMPLATES } from '../core/sign/templates';

export type CommandName = 'scan' | 'decode' | 'verify' | 'sign';
export const COMMAND_NAMES: readonly CommandName[] = ['scan', 'decode', 'verify', 'sign'];

export interface ScanArgs {
  readonly command: 'scan';
  readonly paths: string[];
  readonly format: OutputFormat;
  readonly failOn: FailOn;
  readonly keys: string[];
  readonly config?: string;
  readonly rules: string[];
  readonly staged: boolean;
  readonly jobs?: number;
  readonly output?: string;
  /** Issuers (discovery) and JWKS URLs whose keys verify too: fetched only when given. */
  readonly issuers: string[];
  readonly jwksUrls: string[];
  /** --allow-localhost: --issuer and --jwks may fetch from this computer. */
  readonly allowLocalhost: boolean;
  /** --allow-private-addresses: --issuer and --jwks may fetch from private and link-local addresses. */
  readonly allowPrivateAddresses: boolean;
  readonly baseline?: string;
  readonly writeBaseline?: string;
  /** With --history: the revisions to walk (none: HEAD). */
  readonly history?: string[];
}

export interface TokenArgs {
  readonly command: 'decode' | 'verify';
  /** The token, or '-' for standard input. */
  readonly token: string;
  readonly format: 'text' | 'json';
  readonly keys: string[];
  readonly config?: string;
  readonly rules: string[];
}

export interface SignArgs {
  readonly command: 'sign';
  readonly claims?: string;
  readonly preset?: string;
  readonly key?: string;
  readonly alg?: string;
  readonly kid?: string;
  readonly url: boolean;
}

export type ParsedArgs =
  ScanArgs | TokenArgs | SignArgs | { readonly command: 'help'; readonly topic?: CommandName } | { readonly command: 'version' };

const JUDGING_HELP = `  --keys <file>        Verification keys: a JWKS, a JWK, a PEM (public or private) or a file holding
                       an HMAC secret. Repeat for several. Also read from $${KEYS_VARIABLE} (the key text).
                       Keys are never taken from the command line.
  --config <file>      Settings file (default ./${CONFIG_FILE} when it exists).
  --rule <name=value>  A setting, as in VS Code without "jwtLens.": maxLifetime=7d, clockTolerance=30,
                       expired=error, unsigned=off, lints=off; or a finding code: no-exp=off.`;

export const HELP: Record<CommandName | 'main', string> = {
  main: `Usage: jwt-lens <command> [options]

Commands:
  scan [paths…]        Find every JWT in files and judge it (expired, unsigned, bad signature, lints).
  decode <token|->     Print a token's header and payload.
  verify <token|->     Check a token's signature and times with your keys.
  sign <claims.json>   Sign a claims file (the extension's format: $jwt, relative times).

Run jwt-lens <command> --help for its options. --version prints the version.
Exit codes: 0 clean, 1 findings (or a token that does not verify), 2 usage or I/O error.`,
  scan: `Usage: jwt-lens scan [paths…] [options]

Scans files (default: the current folder) for JWTs and judges each with the same rules as the VS Code
extension. In a git work tree it reads what git lists (committed files, even ignored ones, and
untracked files .gitignore leaves); elsewhere it honours .gitignore. UTF-16 files with a byte order
mark are read; binary files, files over maxDocumentSize and unreadable folders are skipped and counted.
A live token (signed, not expired: whoever reads it can use it) is an error here
(--rule liveToken=off).

  --format <f>         text (default), json or sarif (SARIF 2.1.0 for GitHub code scanning).
  --output <file>      Write the report to a file instead of standard output.
  --fail-on <level>    Exit 1 when a finding is at or above: error (default), warning, information,
                       hint, or none (never).
  --staged             Only the lines \`git diff --cached\` adds (for a pre-commit hook).
  --history [<revs>]   The lines each commit added (git log -p; default HEAD), each token reported
                       once, at the commit that first added it. E.g. --history origin/main..HEAD.
  --jobs <n>           Worker threads reading files (default: 1, the scan's own thread; more
                       pay off on trees dense with tokens).
${JUDGING_HELP}
  --issuer <url>       Also verify with an issuer's published keys (OpenID discovery), and
  --jwks <url>         with the keys at a JWKS URL. HTTPS only; nothing is fetched unless asked.
                       A token a key verifies is "verified live" and reported first.
  --allow-localhost    Let --issuer and --jwks fetch from this computer (a local identity
                       provider).
  --allow-private-addresses
                       Let them fetch from private and link-local addresses (an identity
                       provider on your network), by address or by what a name resolves to.

Triage (findings are shown by fingerprint, never by token text):
  jwt-lens: allow <reason>   In a comment on the token's line or the line above: its findings
                       are counted as allowed, not reported.
  .jwtlensignore       Fingerprints to ignore, one a line (# comments), in the folder scanned from.
  --baseline <file>    Report only findings not recorded in this baseline.
  --write-baseline <file>  Record the current findings there (they then count as baselined).`,
  decode: `Usage: jwt-lens decode <token|-> [--format text|json]

Prints the token's status line, header and payload. "-" reads the token from standard input.
Nothing is verified (use verify). Exit 1 when it is not a token.`,
  verify: `Usage: jwt-lens verify <token|-> --keys <file> [options]

Prints the verdict as the extension's hover says it: times, signature, lints. "-" reads standard input.
Exit 0 when the signature verifies and the token is within its times, else 1.

  --format <f>         text (default) or json.
${JUDGING_HELP}`,
  sign: `Usage: jwt-lens sign <claims.json> [options]
       jwt-lens sign --preset <name>

Signs a claims file: a JSON object (comments allowed) of claims, relative times ("exp": "15m") and
"$jwt" options (alg, kidIn, header). Prints the token.

  --key <file>         The signing key: a PEM, a JWK or JWKS, or a file holding an HMAC secret.
                       Or set $${SIGNING_KEY_VARIABLE} to the key text. Never on the command line.
  --alg <alg>          The algorithm (default "$jwt.alg", else the key's first).
  --kid <kid>          The key id to put in the token (Mux: the signing key's id), or to pick a key
                       from a JWKS ("$jwt.key" picks too).
  --url                Print the signed URL (Mux and FastPix playback) instead of the token.
  --preset <name>      Print a new claims file: ${CLAIMS_TEMPLATES.map((template) => template.id).join(', ')}.`,
};

function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], option: string, fallback: T): T {
  if (value === undefined) {
    return fallback;
  }
  if (!allowed.includes(value as T)) {
    throw new CliError(`${option} ${value}: use one of ${allowed.join(', ')}.`);
  }
  return value as T;
}

const JUDGING_OPTIONS = {
  keys: { type: 'string', multiple: true },
  config: { type: 'string' },
  rule: { type: 'string', multiple: true },
} as const;

const OPTIONS = {
  scan: {
    ...JUDGING_OPTIONS,
    format: { type: 'string' },
    output: { type: 'string', short: 'o' },
    'fail-on': { type: 'string' },
    staged: { type: 'boolean' },
    jobs: { type: 'string' },
    issuer: { type: 'string', multiple: true },
    jwks: { type: 'string', multiple: true },
    'allow-localhost': { type: 'boolean' },
    'allow-private-addresses': { type: 'boolean' },
    baseline: { type: 'string' },
    'write-baseline': { type: 'string' },
    history: { type: 'boolean' },
  },
  decode: { format: { type: 'string' } },
  verify: { ...JUDGING_OPTIONS, format: { type: 'string' } },
  sign: {
    key: { type: 'string' },
    alg: { type: 'string' },
    kid: { type: 'string' },
    url: { type: 'boolean' },
    preset: { type: 'string' },
  },
} as const;

/** parseArgs' own messages are clear ("Unknown option '--x'"); only its error's message is kept. */
function parse<T extends (typeof OPTIONS)[CommandName]>(args: string[], options: T) {
  try {
    return parseArgs({ args, options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
  } catch (error) {
    throw new CliError(`${error instanceof Error ? error.message : 'Invalid arguments'}. See --help.`);
  }
}

export function parseCommandLine(argv: readonly string[]): ParsedArgs {
  const [first, ...rest] = argv;
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    const topic = rest[0];
    return { command: 'help', topic: COMMAND_NAMES.includes(topic as CommandName) ? (topic as CommandName) : undefined };
  }
  if (first === '--version' || first === '-v') {
    return { command: 'version' };
  }
  if (!COMMAND_NAMES.includes(first as CommandName)) {
    throw new CliError(`Unknown command "${first}". Use ${COMMAND_NAMES.join(', ')} (jwt-lens --help).`);
  }
  const command = first as CommandName;
  const { values, positionals } = parse(rest, OPTIONS[command]);
  if (values.help) {
    return { command: 'help', topic: command };
  }
  const v = values as Record<string, string | string[] | boolean | undefined>;
  const str = (name: string) => v[name] as string | undefined;
  const list = (name: string) => (v[name] as string[] | undefined) ?? [];
  switch (command) {
    case 'scan': {
      const jobs = str('jobs');
      if (jobs !== undefined && !(/^\d+$/.test(jobs) && Number(jobs) >= 1 && Number(jobs) <= 256)) {
        throw new CliError(`--jobs ${jobs}: use a whole number from 1 to 256.`);
      }
      const staged = v.staged === true;
      if (staged && positionals.length > 0) {
        throw new CliError('--staged scans what is staged in the repository: give no paths with it.');
      }
      const history = v.history === true ? historyRevisions(positionals, staged) : undefined;
      return {
        command,
        paths: history ? [] : positionals,
        format: oneOf(str('format'), OUTPUT_FORMATS, '--format', 'text'),
        failOn: oneOf(str('fail-on'), FAIL_ON_LEVELS, '--fail-on', 'error'),
        keys: list('keys'),
        config: str('config'),
        rules: list('rule'),
        staged,
        jobs: jobs === undefined ? undefined : Number(jobs),
        output: str('output'),
        issuers: list('issuer'),
        jwksUrls: list('jwks'),
        allowLocalhost: v['allow-localhost'] === true,
        allowPrivateAddresses: v['allow-private-addresses'] === true,
        baseline: str('baseline'),
        writeBaseline: str('write-baseline'),
        history,
      };
    }
    case 'decode':
    case 'verify': {
      if (positionals.length !== 1) {
        throw new CliError(`${command} takes one token, or - to read it from standard input (jwt-lens ${command} --help).`);
      }
      return {
        command,
        token: positionals[0],
        format: oneOf(str('format'), ['text', 'json'] as const, '--format', 'text'),
        keys: list('keys'),
        config: str('config'),
        rules: list('rule'),
      };
    }
    case 'sign': {
      const preset = str('preset');
      if (preset === undefined && positionals.length !== 1) {
        throw new CliError('sign takes one claims file (jwt-lens sign --help), or --preset <name> for a new one.');
      }
      if (preset !== undefined && positionals.length > 0) {
        throw new CliError('--preset prints a new claims file: give no claims file with it.');
      }
      return { command, claims: positionals[0], preset, key: str('key'), alg: str('alg'), kid: str('kid'), url: v.url === true };
    }
  }
}

/** --history's positional arguments: revisions for `git log`, never options (they would reach git as flags). */
function historyRevisions(positionals: readonly string[], staged: boolean): string[] {
  if (staged) {
    throw new CliError('--staged and --history scan different things: use one.');
  }
  const option = positionals.find((revision) => revision.startsWith('-'));
  if (option !== undefined) {
    throw new CliError(`--history ${option}: give revisions such as main..HEAD, not git options.`);
  }
  return [...positionals];
}
