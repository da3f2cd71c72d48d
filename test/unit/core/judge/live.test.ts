// src/core/judge/live.ts and the live-token finding: which tokens are usable now, how long the
// finding says they last, and that the editor's default leaves it off while the CLI's makes it an error.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { tokenFindings } from '../../../../src/core/judge/findings';
import { DIAGNOSTIC_DEFAULTS, DIAGNOSTIC_KINDS, type DiagnosticLevels } from '../../../../src/core/judge/judgingSettings';
import { liveness } from '../../../../src/core/judge/live';
import { judge } from '../../../../src/core/judge/verdict';
import type { SignatureCheck } from '../../../../src/core/judge/verify';
import { loadSettings } from '../../../../src/cli/configFile';
import { assemble, decoded } from '../../../support/tokens';

const NOW = 1_800_000_000;
const YEAR = 365 * 86400;
const ON: DiagnosticLevels = { ...DIAGNOSTIC_DEFAULTS, liveToken: 'error' };

function verdictOf(
  payload: Record<string, unknown>,
  verify?: SignatureCheck,
  header: Record<string, unknown> = { alg: 'HS256' },
  tolerance = 0,
) {
  return judge(decoded(assemble(header, payload)), verify, { now: NOW, toleranceSeconds: tolerance });
}

const messages = (payload: Record<string, unknown>, verify?: SignatureCheck, levels = ON) =>
  tokenFindings(verdictOf(payload, verify), levels)
    .filter((finding) => finding.code === 'live-token')
    .map((finding) => `${finding.level}: ${finding.message}`);

describe('live tokens', () => {
  it('says how long a signed, unexpired token stays usable, whatever its signature state', () => {
    assert.deepEqual(messages({ exp: NOW + 73 * YEAR + 10 }), [
      'error: Live token: usable for 73 years (until 2099-12-28T08:00:10Z). Whoever reads it can use it: revoke it, then remove it.',
    ]);
    assert.deepEqual(messages({ sub: 'a' }), [
      'error: Live token: no exp: usable until revoked. Whoever reads it can use it: revoke it, then remove it.',
    ]);
    const bad: SignatureCheck = { status: 'invalid-signature', message: 'Invalid signature.' };
    assert.equal(messages({ exp: NOW + 600 }, bad).length, 1);
    const noKey: SignatureCheck = { status: 'no-key', message: 'No key.' };
    assert.match(messages({ exp: NOW + 600 }, noKey)[0], /usable for 10 min/);
  });

  it('says "verified live" and names the key when a given key verifies it', () => {
    const valid: SignatureCheck = { status: 'valid', message: 'ok', key: { id: 'k', label: 'prod.jwks#k1' } };
    assert.deepEqual(messages({ exp: NOW + 3600 }, valid), [
      'error: Verified live (signed by prod.jwks#k1): usable for 1 h (until 2027-01-15T09:00:00Z). Revoke it, then remove it.',
    ]);
    assert.deepEqual(liveness(verdictOf({ exp: NOW + 3600 }, valid)), {
      verified: true,
      usable: 'usable for 1 h (until 2027-01-15T09:00:00Z)',
      keyLabel: 'prod.jwks#k1',
    });
  });

  it('is not live when expired, not yet valid beyond the tolerance, unsigned, rejected or encrypted', () => {
    assert.equal(liveness(verdictOf({ exp: NOW - 1 })), undefined);
    assert.equal(liveness(verdictOf({ nbf: NOW + 60, exp: NOW + 600 })), undefined);
    assert.notEqual(liveness(verdictOf({ nbf: NOW + 60, exp: NOW + 600 }, undefined, { alg: 'HS256' }, 120)), undefined);
    assert.equal(liveness(verdictOf({ exp: NOW + 600 }, { status: 'unsigned', message: 'Unsigned.' }, { alg: 'none' })), undefined);
    assert.equal(liveness(verdictOf({ exp: NOW + 600 }, undefined, { alg: 'NONE' })), undefined);
    assert.equal(liveness(verdictOf({ exp: NOW + 600 }, { status: 'rejected', message: 'crit.' })), undefined);
    const jwe = judge(decoded('eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..aWl2aWl2aWl2aXY.Y2lwaGVy.dGFndGFndGFndGFndGFn'), undefined, {
      now: NOW,
    });
    assert.equal(liveness(jwe), undefined);
    assert.equal(liveness(judge(decoded(`${assemble({ alg: 'HS256' }, 'not json')}`), undefined, { now: NOW })), undefined);
  });

  it("comes first among a token's findings", () => {
    const codes = tokenFindings(verdictOf({ iat: NOW, exp: NOW + 73 * YEAR }), ON).map((finding) => finding.code);
    assert.deepEqual(codes, ['live-token', 'long-lifetime']);
  });

  it('is off in the editor by default (package.json agrees) and an error in the CLI', () => {
    assert.equal(DIAGNOSTIC_DEFAULTS.liveToken, 'off');
    assert.deepEqual(
      tokenFindings(verdictOf({ exp: NOW + 600 }), DIAGNOSTIC_DEFAULTS).map((finding) => finding.code),
      [],
    );
    const manifest = JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', '..', '..', '..', '..', 'package.json'), 'utf8'));
    const properties = manifest.contributes.configuration.properties as Record<string, { default: unknown }>;
    for (const kind of DIAGNOSTIC_KINDS) {
      assert.equal(properties[`jwtLens.diagnostics.${kind}`].default, DIAGNOSTIC_DEFAULTS[kind], kind);
    }
    const cwd = fs.mkdtempSync(path.join(tmpdir(), 'jwt-lens-live-'));
    try {
      assert.equal(loadSettings(undefined, [], cwd).diagnostics.liveToken, 'error');
      assert.equal(loadSettings(undefined, ['liveToken=off'], cwd).diagnostics.liveToken, 'off');
    } finally {
      fs.rmSync(cwd, { recursive: true });
    }
  });
});
