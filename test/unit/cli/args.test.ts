// src/cli/args.ts: the command line read into a command and its options, help and version, and every
// usage error with exit code 2.
import * as assert from 'node:assert/strict';
import { parseCommandLine, type ScanArgs } from '../../../src/cli/args';
import { historyArgs } from '../../../src/cli/history';
import { usageError } from './usageError';

describe('CLI arguments', () => {
  it('reads scan options with their defaults', () => {
    assert.deepEqual(parseCommandLine(['scan']), {
      command: 'scan',
      paths: [],
      format: 'text',
      failOn: 'error',
      keys: [],
      config: undefined,
      rules: [],
      staged: false,
      jobs: undefined,
      output: undefined,
      issuers: [],
      jwksUrls: [],
      allowLocalhost: false,
      allowPrivateAddresses: false,
      baseline: undefined,
      writeBaseline: undefined,
      history: undefined,
    });
    const args = parseCommandLine([
      'scan',
      'src',
      'test',
      '--format',
      'sarif',
      '--fail-on',
      'warning',
      '--keys',
      'a.jwks',
      '--keys',
      'b.pem',
      '--rule',
      'no-exp=off',
      '--jobs',
      '3',
      '-o',
      'r.sarif',
      '--issuer',
      'https://id.example.com',
      '--jwks',
      'https://keys.example.com/jwks.json',
      '--allow-localhost',
      '--allow-private-addresses',
      '--baseline',
      'old.json',
      '--write-baseline',
      'new.json',
    ]);
    assert.deepEqual(args, {
      command: 'scan',
      paths: ['src', 'test'],
      format: 'sarif',
      failOn: 'warning',
      keys: ['a.jwks', 'b.pem'],
      config: undefined,
      rules: ['no-exp=off'],
      staged: false,
      jobs: 3,
      output: 'r.sarif',
      issuers: ['https://id.example.com'],
      jwksUrls: ['https://keys.example.com/jwks.json'],
      allowLocalhost: true,
      allowPrivateAddresses: true,
      baseline: 'old.json',
      writeBaseline: 'new.json',
      history: undefined,
    });
  });

  it('reads --history with its revisions (none: HEAD), never as paths', () => {
    const all = parseCommandLine(['scan', '--history']) as ScanArgs;
    assert.deepEqual([all.history, all.paths], [[], []]);
    const range = parseCommandLine(['scan', '--history', 'main..HEAD', 'v1']) as ScanArgs;
    assert.deepEqual([range.history, range.paths], [['main..HEAD', 'v1'], []]);
    assert.deepEqual(historyArgs(['main..HEAD']).slice(-2), ['main..HEAD', '--']);
    assert.deepEqual(historyArgs([]).slice(-2), ['HEAD', '--']);
  });

  it('gives help for the tool and each command, and the version', () => {
    assert.deepEqual(parseCommandLine([]), { command: 'help', topic: undefined });
    assert.deepEqual(parseCommandLine(['--help']), { command: 'help', topic: undefined });
    for (const command of ['scan', 'decode', 'verify', 'sign']) {
      assert.deepEqual(parseCommandLine([command, '--help']), { command: 'help', topic: command });
      assert.deepEqual(parseCommandLine([command, '-h']), { command: 'help', topic: command });
    }
    assert.deepEqual(parseCommandLine(['--version']), { command: 'version' });
  });

  const BAD: Array<[argv: string[], message: RegExp]> = [
    [['lint'], /Unknown command "lint"/],
    [['scan', '--format', 'xml'], /--format xml: use one of text, json, sarif/],
    [['scan', '--fail-on', 'fatal'], /--fail-on fatal: use one of error, warning, information, hint, none/],
    [['scan', '--jobs', '0'], /--jobs 0: use a whole number/],
    [['scan', '--jobs', 'many'], /--jobs many/],
    [['scan', '--staged', 'src'], /give no paths with it/],
    [['scan', '--history', '--staged'], /--staged and --history scan different things/],
    [['scan', '--history', '--', '--output=/tmp/x'], /--history --output=\/tmp\/x: give revisions such as main\.\.HEAD, not git options/],
    [['scan', '--key', 'k.pem'], /Unknown option '--key'/],
    [['scan', '--secret', 'abc'], /Unknown option '--secret'/],
    [['decode'], /decode takes one token/],
    [['decode', 'a', 'b'], /decode takes one token/],
    [['verify', '--format', 'sarif', 'x'], /--format sarif: use one of text, json/],
    [['sign'], /sign takes one claims file/],
    [['sign', 'a.json', '--preset', 'mux-video'], /give no claims file with it/],
    [['sign', 'a.json', '--key'], /argument missing|--key/],
  ];
  for (const [argv, message] of BAD) {
    it(`refuses ${JSON.stringify(argv)} with a usage error`, () => {
      assert.match(
        usageError(() => parseCommandLine(argv)),
        message,
      );
    });
  }
});
