import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../../../support/repoRoot';
import {
  humanDuration,
  isoUtc,
  localTime,
  parseDuration,
  relativeDuration,
  secondsUntilNextChange,
  timeStatus,
} from '../../../../src/core/token/time';

const NOW = 1_800_000_000;

describe('timeStatus', () => {
  it('marks a token expired one second after exp, saying how long ago', () => {
    assert.deepEqual(timeStatus({ exp: NOW - 1 }, NOW), { state: 'expired', secondsFromNow: -1, summary: 'expired 1 s ago' });
    assert.equal(timeStatus({ exp: NOW - 3 * 86400 }, NOW).summary, 'expired 3 days ago');
  });

  it('counts a token as expired at exactly exp (RFC 7519 §4.1.4: on or after)', () => {
    assert.equal(timeStatus({ exp: NOW }, NOW).state, 'expired');
  });

  it('says how long a valid token has left', () => {
    assert.deepEqual(timeStatus({ exp: NOW + 14 * 60 + 20 }, NOW), { state: 'valid', secondsFromNow: 860, summary: 'expires in 14 min' });
  });

  it('is not yet valid before nbf, and before a future iat', () => {
    assert.equal(timeStatus({ nbf: NOW + 300, exp: NOW + 900 }, NOW).summary, 'not valid until in 5 min');
    const iat = timeStatus({ iat: NOW + 7200 }, NOW);
    assert.equal(iat.state, 'not-yet-valid');
    assert.equal(iat.claim, 'iat');
  });

  it('has no expiry without a numeric exp', () => {
    assert.equal(timeStatus({ sub: 'x' }, NOW).state, 'no-expiry');
    assert.equal(timeStatus({ exp: '1800000000' }, NOW).state, 'no-expiry');
    assert.equal(timeStatus({ exp: 1e300 }, NOW).state, 'no-expiry');
    assert.equal(timeStatus(undefined, NOW).state, 'no-expiry');
  });

  it('applies the clock tolerance both ways', () => {
    assert.equal(timeStatus({ exp: NOW - 30 }, NOW, 60).state, 'valid');
    assert.equal(timeStatus({ exp: NOW - 61 }, NOW, 60).state, 'expired');
    assert.equal(timeStatus({ nbf: NOW + 30, exp: NOW + 600 }, NOW, 60).state, 'valid');
  });
});

describe('durations and dates', () => {
  it('uses the largest whole unit', () => {
    assert.deepEqual([0.4, 1, 59, 60, 3599, 3600, 86399, 86400, 2 * 86400, 45 * 86400, 800 * 86400].map(humanDuration), [
      '0 s',
      '1 s',
      '59 s',
      '1 min',
      '59 min',
      '1 h',
      '23 h',
      '1 day',
      '2 days',
      '1 month',
      '2 years',
    ]);
  });

  it('words the future and the past', () => {
    assert.equal(relativeDuration(840), 'in 14 min');
    assert.equal(relativeDuration(-3 * 86400), '3 days ago');
    assert.equal(relativeDuration(0.2), 'now');
  });

  it('prints ISO UTC and local times', () => {
    assert.equal(isoUtc(1_700_000_000), '2023-11-14T22:13:20Z');
    assert.equal(localTime(1_700_000_000, 'Europe/Paris'), '2023-11-14 23:13:20 GMT+1');
    assert.equal(isoUtc(1e20), 'out of range');
  });
});

describe('secondsUntilNextChange', () => {
  it('is the time to the next change of wording, or to expiry when sooner', () => {
    assert.equal(secondsUntilNextChange({ exp: NOW + 90 }, NOW), 30);
    assert.equal(secondsUntilNextChange({ exp: NOW + 30 }, NOW), 1);
    assert.equal(secondsUntilNextChange({ exp: NOW + 2 * 3600 + 10 }, NOW), 10);
  });

  it('is undefined for a token with no time claims', () => {
    assert.equal(secondsUntilNextChange({ sub: 'x' }, NOW), undefined);
  });
});

describe('parseDuration', () => {
  it('reads seconds, minutes, hours, days and weeks with an optional sign', () => {
    assert.deepEqual(['90s', '15m', '+1h', '7d', '2w', '-5m', '1.5h'].map(parseDuration), [90, 900, 3600, 604800, 1209600, -300, 5400]);
    assert.deepEqual(['15', 'm', '15 minutes', ''].map(parseDuration), [undefined, undefined, undefined, undefined]);
  });
});

describe('the claims schema agrees with parseDuration on time claims', () => {
  // What a claims file's time claim accepts as a string: "now" (trimmed) or a duration (core/sign/claims.ts).
  const accepted = (text: string) => text.trim() === 'now' || parseDuration(text) !== undefined;
  const schema = JSON.parse(readFileSync(join(REPO_ROOT, 'schemas', 'claims.schema.json'), 'utf8')) as {
    definitions: { time: { type: string[]; pattern: string } };
    properties: { exp: { $ref: string }; nbf: { $ref: string }; iat: { type: string[]; pattern: string } };
  };
  const table = [
    '15m',
    '+1h',
    '-5m',
    '7d',
    '2w',
    '90s',
    '1.5h',
    ' 15m ',
    '+ 1h',
    '15 m',
    'now',
    ' now ',
    '\tnow\n',
    '900',
    '15',
    '15x',
    'm',
    '',
    ' ',
    '1e3s',
    '15mm',
    '+-1h',
    '.5h',
    '5.h',
    '15M',
    'NOW',
    'now+1h',
    '1h30m',
    '١٥m',
  ];
  for (const text of table) {
    it(`${JSON.stringify(text)}: ${accepted(text) ? 'accepted' : 'refused'} by both`, () => {
      assert.equal(new RegExp(schema.definitions.time.pattern).test(text), accepted(text), 'exp and nbf');
      assert.equal(new RegExp(schema.properties.iat.pattern).test(text), accepted(text), 'iat');
    });
  }

  it('takes an integer or a string for exp and nbf (and null for iat): a string without a unit gets the pattern message, not "expected integer"', () => {
    assert.deepEqual(schema.definitions.time.type, ['integer', 'string']);
    assert.equal(schema.properties.exp.$ref, '#/definitions/time');
    assert.equal(schema.properties.nbf.$ref, '#/definitions/time');
    assert.deepEqual(schema.properties.iat.type, ['integer', 'string', 'null']);
  });
});
