// src/core/judge/findings.ts: which finding each status and lint gives, at which level, with which link.
// The extension's Problems entries and `jwt-lens scan` are both these.
import * as assert from 'node:assert/strict';
import { FINDING_RULES, tokenFindings } from '../../../../src/core/judge/findings';
import { LINT_RULES } from '../../../../src/core/judge/lint';
import { DIAGNOSTIC_DEFAULTS, type DiagnosticLevels } from '../../../../src/core/judge/judgingSettings';
import { judge } from '../../../../src/core/judge/verdict';
import type { SignatureCheck } from '../../../../src/core/judge/verify';
import { assemble, decoded } from '../../../support/tokens';

const NOW = 1_800_000_000;
const findings = (
  payload: Record<string, unknown>,
  verify?: SignatureCheck,
  levels: DiagnosticLevels = DIAGNOSTIC_DEFAULTS,
  header = { alg: 'HS256' },
) => tokenFindings(judge(decoded(assemble(header, payload)), verify, { now: NOW }), levels).map((f) => [f.code, f.level, f.spec]);

describe('tokenFindings', () => {
  it('gives each status its finding at the level set for it, with its RFC section', () => {
    assert.deepEqual(findings({ iat: NOW - 60, exp: NOW - 10 }), [
      ['expired', 'warning', 'https://datatracker.ietf.org/doc/html/rfc7519#section-4.1.4'],
    ]);
    assert.deepEqual(findings({ iat: NOW + 600, exp: NOW + 900 }).slice(0, 1), [
      ['not-yet-valid', 'warning', 'https://datatracker.ietf.org/doc/html/rfc7519#section-4.1.6'],
    ]);
    assert.deepEqual(findings({ nbf: NOW + 600, exp: NOW + 900 }), [
      ['not-yet-valid', 'warning', 'https://datatracker.ietf.org/doc/html/rfc7519#section-4.1.5'],
    ]);
    const bad: SignatureCheck = { status: 'invalid-signature', message: 'Invalid signature: it does not verify with k.' };
    assert.deepEqual(findings({ exp: NOW + 60 }, bad), [
      ['invalid-signature', 'error', 'https://datatracker.ietf.org/doc/html/rfc8725#section-3.1'],
    ]);
    const rejected: SignatureCheck = { status: 'rejected', message: 'Rejected.' };
    assert.deepEqual(findings({ exp: NOW + 60 }, rejected), [
      ['rejected', 'error', 'https://datatracker.ietf.org/doc/html/rfc7515#section-4.1.11'],
    ]);
    const unsigned: SignatureCheck = { status: 'unsigned', message: 'Unsigned.' };
    assert.deepEqual(findings({ exp: NOW + 60 }, unsigned), [
      ['unsigned', 'warning', 'https://datatracker.ietf.org/doc/html/rfc8725#section-3.2'],
    ]);
  });

  it('gives lints their own severity by default, one level for all, or none; future-nbf is left to not-yet-valid', () => {
    const payload = { sub: 'a' };
    const typed = { alg: 'HS256', typ: 'weird' };
    assert.deepEqual(findings(payload, undefined, DIAGNOSTIC_DEFAULTS, typed), [
      ['no-exp', 'warning', LINT_RULES['no-exp'].spec],
      ['unexpected-typ', 'information', LINT_RULES['unexpected-typ'].spec],
    ]);
    assert.deepEqual(
      findings(payload, undefined, { ...DIAGNOSTIC_DEFAULTS, lints: 'hint' }, typed).map(([code, level]) => `${code}:${level}`),
      ['no-exp:hint', 'unexpected-typ:hint'],
    );
    assert.deepEqual(findings(payload, undefined, { ...DIAGNOSTIC_DEFAULTS, lints: 'off' }, typed), []);
    assert.deepEqual(
      findings({ nbf: NOW + 600, exp: NOW + 900 }).map(([code]) => code),
      ['not-yet-valid'],
    );
  });

  it('gives nothing for a kind set to off, and no valid or unknown-key token a signature finding', () => {
    assert.deepEqual(findings({ exp: NOW - 10 }, undefined, { ...DIAGNOSTIC_DEFAULTS, expired: 'off' }), []);
    assert.deepEqual(findings({ exp: NOW + 60 }, { status: 'valid', message: 'ok' }), []);
    assert.deepEqual(findings({ exp: NOW + 60 }, { status: 'no-key', message: 'No stored key.' }), []);
  });

  it('has a rule with a description and link for every code', () => {
    for (const [code, rule] of Object.entries(FINDING_RULES)) {
      assert.ok(rule.description.length > 0, code);
      assert.match(rule.spec, /^https:\/\//, code);
    }
    assert.deepEqual(
      Object.keys(LINT_RULES).filter((id) => !(id in FINDING_RULES)),
      [],
    );
  });
});
