// src/core/judge/platforms.ts: the one place that tells a Mux or FastPix token from its claims. Every
// surface asks it (lints, signed URLs, the sign command, the add-key buttons, the FastPix key lookup).
import * as assert from 'node:assert/strict';
import { decodeToken } from '../../../../src/core/token/decode';
import { isFastPixIssuer, isFastPixToken, looksLikeMux, playbackPlatform } from '../../../../src/core/judge/platforms';
import { signedUrl } from '../../../../src/core/providers/signedUrls';
import { assemble } from '../../../support/tokens';

describe('playbackPlatform', () => {
  const cases: Array<[Record<string, unknown>, string | undefined]> = [
    [{ sub: 'abc', aud: 'v' }, 'Mux'],
    [{ sub: 'abc', aud: 'asset_id' }, 'Mux'],
    [{ sub: 'abc', aud: 'v', iss: 'https://auth.example.com' }, undefined],
    [{ aud: 'v' }, undefined],
    [{ aud: 'media:abc' }, 'FastPix'],
    [{ iss: 'fastpix.io', aud: 'x' }, 'FastPix'],
    [{ sub: 'user-42', aud: 'media-api' }, undefined],
  ];
  for (const [payload, platform] of cases) {
    it(`reads ${JSON.stringify(payload)} as ${platform ?? 'no platform'}`, () => {
      assert.equal(playbackPlatform(payload), platform);
    });
  }
});

describe('isFastPixIssuer', () => {
  for (const [iss, expected] of [
    ['fastpix.io', true],
    ['https://fastpix.io/', true],
    ['api.fastpix.io', true],
    ['FastPix', false],
    ['evil-fastpix.io.example.com', false],
    ['notfastpix.io', false],
    [42, false],
  ] as const) {
    it(`${JSON.stringify(iss)}: ${expected}`, () => assert.equal(isFastPixIssuer(iss), expected));
  }
});

describe('the recognisers agree', () => {
  const token = (header: Record<string, unknown>, payload: Record<string, unknown>) => decodeToken(assemble(header, payload, 'c2ln'));

  it('a FastPix token by its aud alone is FastPix everywhere: its URL, its key lookup', () => {
    const decoded = token({ alg: 'RS256' }, { kid: 'k1', aud: 'media:abc', exp: 1 });
    assert.equal(isFastPixToken(decoded), true);
    assert.equal(signedUrl(decoded.payload!, 'T'), 'https://stream.fastpix.io/abc.m3u8?token=T');
  });

  it('an issuer that only contains "fastpix" is not FastPix: no FastPix URL, no FastPix key lookup', () => {
    const decoded = token({ alg: 'RS256' }, { iss: 'https://evil-fastpix.example', aud: 'v', sub: 'abc' });
    assert.equal(playbackPlatform(decoded.payload!), undefined);
    assert.equal(isFastPixToken(decoded), false);
    assert.equal(signedUrl(decoded.payload!, 'T'), undefined);
  });

  it('a Mux-shaped token with a wrong aud still looks like Mux (for its lint), but is no playback platform', () => {
    const decoded = token({ alg: 'RS256', kid: 'k' }, { sub: 'abc', aud: 'x' });
    assert.equal(looksLikeMux(decoded), true);
    assert.equal(playbackPlatform(decoded.payload!), undefined);
  });
});
