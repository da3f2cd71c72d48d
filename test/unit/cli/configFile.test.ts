// src/cli/configFile.ts: .jwtlens.json and --rule, read like the extension's settings, every bad
// value a usage error that says where.
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSettings } from '../../../src/cli/configFile';
import { DIAGNOSTIC_DEFAULTS } from '../../../src/core/judge/judgingSettings';
import { usageError } from './usageError';

describe('CLI settings', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'jwt-lens-settings-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('has the extension defaults without a settings file, but for live tokens (an error in a scan)', () => {
    const settings = loadSettings(undefined, [], dir);
    assert.deepEqual(settings.diagnostics, { ...DIAGNOSTIC_DEFAULTS, liveToken: 'error' });
    assert.equal(settings.maxLifetimeSeconds, 86400);
    assert.equal(settings.codeLevels.size, 0);
  });

  it('reads .jwtlens.json (comments, jwtLens. prefixes) and lets --rule win', () => {
    writeFileSync(
      join(dir, '.jwtlens.json'),
      '{\n  // team rules\n  "jwtLens.maxLifetime": "7d",\n  "diagnostics.expired": "error",\n  "unexpected-typ": "off"\n}',
    );
    const settings = loadSettings(undefined, ['expired=hint', 'clockTolerance=30', 'no-exp=error'], dir);
    assert.equal(settings.maxLifetimeSeconds, 7 * 86400);
    assert.equal(settings.diagnostics.expired, 'hint');
    assert.equal(settings.clockToleranceSeconds, 30);
    assert.deepEqual(
      [...settings.codeLevels],
      [
        ['unexpected-typ', 'off'],
        ['no-exp', 'error'],
      ],
    );
  });

  const BAD_SETTINGS: Array<[rules: string[], message: RegExp]> = [
    [['maxLifetime=forever'], /"maxLifetime": "forever" is not a valid value/],
    [['expired=loud'], /"diagnostics.expired": "loud" is not a valid value/],
    [['clockTolerance=-5'], /"clockTolerance": -5 is not a valid value/],
    [['no-exp=maybe'], /"no-exp": "maybe" is not a level/],
    [['colour=red'], /"colour" is not a setting/],
    [['maxLifetime'], /use name=value/],
    [['=7d'], /use name=value/],
  ];
  for (const [rules, message] of BAD_SETTINGS) {
    it(`refuses --rule ${rules.join(' ')} with a usage error`, () => {
      assert.match(
        usageError(() => loadSettings(undefined, rules, dir)),
        message,
      );
    });
  }

  it('refuses a settings file that is not valid JSON, or missing, saying where', () => {
    writeFileSync(join(dir, 'bad.json'), '{ "maxLifetime": }');
    assert.match(
      usageError(() => loadSettings(join(dir, 'bad.json'), [], dir)),
      /bad\.json:1:\d+:/,
    );
    assert.match(
      usageError(() => loadSettings(join(dir, 'absent.json'), [], dir)),
      /Cannot read settings file .*absent\.json: no such file\./,
    );
  });
});
