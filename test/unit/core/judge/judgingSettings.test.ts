// src/core/judge/judgingSettings.ts: the judging settings read and validated once, from VS Code's
// jwtLens.* or from the command line's .jwtlens.json and --rule.
import * as assert from 'node:assert/strict';
import { DIAGNOSTIC_DEFAULTS, JUDGING_SETTING_NAMES, readJudgingSettings } from '../../../../src/core/judge/judgingSettings';

describe('readJudgingSettings: one reading for the extension and the command line', () => {
  it('has the defaults package.json documents when nothing is set', () => {
    const { settings, invalid } = readJudgingSettings(() => undefined);
    assert.deepEqual(settings, {
      maxTokenLength: 65_536,
      maxDocumentSize: 16 * 1024 * 1024,
      clockToleranceSeconds: 0,
      maxLifetimeSeconds: 86_400,
      expiryWarningSeconds: 600,
      diagnostics: DIAGNOSTIC_DEFAULTS,
    });
    assert.deepEqual(invalid, []);
  });

  it('reads minutes as seconds, durations as seconds, and every diagnostics level', () => {
    const values: Record<string, unknown> = {
      expiryWarningMinutes: 2.5,
      maxLifetime: '7d',
      clockTolerance: 30,
      'diagnostics.expired': 'error',
      'diagnostics.unsigned': 'off',
      'diagnostics.lints': 'hint',
    };
    const { settings, invalid } = readJudgingSettings((name) => values[name]);
    assert.deepEqual([settings.expiryWarningSeconds, settings.maxLifetimeSeconds, settings.clockToleranceSeconds], [150, 7 * 86_400, 30]);
    assert.deepEqual(settings.diagnostics, {
      expired: 'error',
      notYetValid: 'warning',
      badSignature: 'error',
      unsigned: 'off',
      lints: 'hint',
      liveToken: 'off',
    });
    assert.deepEqual(invalid, []);
  });

  it('names each invalid value and uses its default instead', () => {
    const values: Record<string, unknown> = {
      maxDocumentSize: 0,
      expiryWarningMinutes: -1,
      maxLifetime: '0s',
      clockTolerance: Number.POSITIVE_INFINITY,
      'diagnostics.expired': 'default',
      'diagnostics.badSignature': 'loud',
    };
    const { settings, invalid } = readJudgingSettings((name) => values[name]);
    assert.deepEqual(invalid, [
      'diagnostics.expired',
      'diagnostics.badSignature',
      'maxDocumentSize',
      'clockTolerance',
      'maxLifetime',
      'expiryWarningMinutes',
    ]);
    assert.deepEqual(settings, readJudgingSettings(() => undefined).settings);
  });

  it('reads the judging settings the same way for the extension: invalid values fall back and are named', () => {
    const values: Record<string, unknown> = {
      maxLifetime: '2h',
      'diagnostics.lints': 'default',
      maxTokenLength: 1.5,
      clockTolerance: 9999,
    };
    const { settings, invalid } = readJudgingSettings((name) => values[name]);
    assert.equal(settings.maxLifetimeSeconds, 7200);
    assert.equal(settings.diagnostics.lints, 'default');
    assert.equal(settings.maxTokenLength, 65536);
    assert.equal(settings.clockToleranceSeconds, 300);
    assert.deepEqual(invalid, ['maxTokenLength']);
  });

  it('asks for exactly the names it documents, each once', () => {
    const asked: string[] = [];
    readJudgingSettings((name) => void asked.push(name));
    assert.deepEqual([...asked].sort(), [...JUDGING_SETTING_NAMES].sort());
  });
});
