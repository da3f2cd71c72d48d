// src/core/sign/templates.ts: the New Claims File presets parse, sign and lint clean.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseClaimsFile } from '../../../../src/core/sign/claims';
import { CLAIMS_TEMPLATES } from '../../../../src/core/sign/templates';
import { decodeToken } from '../../../../src/core/token/decode';
import { lintToken } from '../../../../src/core/judge/lint';
import { REPO_ROOT } from '../../../support/repoRoot';
import { assemble } from '../../../support/tokens';

const NOW = 1_800_000_000;

describe('claims templates', () => {
  for (const template of CLAIMS_TEMPLATES) {
    it(`${template.label} parses as a claims file`, () => {
      const result = parseClaimsFile(template.content, NOW);
      assert.ok(result.ok, result.ok ? '' : result.error.message);
      assert.equal(result.claims.payload.exp, NOW + 900 * (template.id === 'api-access' ? 4 : 1));
      assert.match(template.fileName, /\.claims\.json$/);
    });
  }

  const schema = JSON.parse(readFileSync(join(REPO_ROOT, 'schemas', 'claims.schema.json'), 'utf8')) as { properties: object };
  for (const template of CLAIMS_TEMPLATES.filter((candidate) => candidate.id.startsWith('mux-'))) {
    it(`${template.label}: every claim is in the schema, and the signed token has no lint`, () => {
      const result = parseClaimsFile(template.content, NOW);
      assert.ok(result.ok);
      for (const claim of Object.keys(result.claims.payload)) {
        assert.ok(claim in schema.properties, `${claim} is not described by the claims schema`);
      }
      const token = decodeToken(assemble({ alg: 'RS256', kid: 'k' }, { ...result.claims.payload, kid: 'k' }));
      assert.deepEqual(lintToken(token, { now: NOW }), []);
    });
  }
});

describe('claims templates: ids and file names', () => {
  it('gives each preset its own id, label and file name, so no preset shadows another in the picker', () => {
    for (const field of ['id', 'label', 'fileName'] as const) {
      const values = CLAIMS_TEMPLATES.map((template) => template[field]);
      assert.equal(new Set(values).size, values.length, values.join(', '));
    }
    for (const template of CLAIMS_TEMPLATES) {
      assert.ok(template.description.length > 0, template.id);
    }
  });
});
