// src/core/text/paths.ts: path pieces of '/'-separated URI paths, without node:path.
import * as assert from 'node:assert/strict';
import { baseName } from '../../../../src/core/text/paths';

describe('baseName', () => {
  it('is the last segment of a URI path', () => {
    assert.equal(baseName('/home/me/keys/mux.pem'), 'mux.pem');
    assert.equal(baseName('mux.pem'), 'mux.pem');
    assert.equal(baseName('/a/b/'), 'b');
  });
});

describe('baseName: edge cases', () => {
  it('is empty for the root or an empty path, and keeps dots and spaces in the name', () => {
    assert.equal(baseName('/'), '');
    assert.equal(baseName(''), '');
    assert.equal(baseName('/keys//prod key.v2.pem'), 'prod key.v2.pem');
    assert.equal(baseName('/a/b//'), 'b');
  });
});
