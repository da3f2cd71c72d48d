import * as assert from 'node:assert/strict';
import { decodeToken } from '../../../../src/core/token/decode';
import { sampleTokens } from '../../../support/samples';

describe('decodeToken', () => {
  it('decodes the header and payload of a signed JWT', () => {
    const decoded = decodeToken(sampleTokens.apiToken);
    assert.equal(decoded.kind, 'jws');
    assert.equal(decoded.error, undefined);
    assert.deepEqual(decoded.header, { alg: 'HS256', typ: 'JWT', kid: 'demo-hs256' });
    assert.equal(decoded.payload?.sub, 'user-42');
    assert.equal(decoded.payload?.exp, 4102444800);
  });

  it('shows non-ASCII claims as written', () => {
    assert.equal(decodeToken(sampleTokens.unicodeToken).payload?.name, 'Zoë Ñandú 東京');
  });

  it('accepts a "Bearer " prefix and surrounding whitespace', () => {
    assert.equal(decodeToken(`  Bearer ${sampleTokens.apiToken}\n`).payload?.sub, 'user-42');
  });

  it('keeps the header when the payload is broken, and says which part failed', () => {
    const [header] = sampleTokens.apiToken.split('.');
    // A claims set cut short ('{"sub":'): text that opens like JSON and is not.
    const decoded = decodeToken(`${header}.eyJzdWIiOg.sig`);
    assert.equal(decoded.header?.alg, 'HS256');
    assert.equal(decoded.error?.code, 'ERR_JSON');
    assert.equal(decoded.error?.part, 'payload');
  });
});
