// src/core/providers/signedUrls.ts: the playback URL that carries a Mux or FastPix token.
import * as assert from 'node:assert/strict';
import { signedUrl, signedUrlFor } from '../../../../src/core/providers/signedUrls';

describe('signedUrl', () => {
  it('builds Mux playback URLs by aud', () => {
    assert.equal(signedUrl({ sub: 'abc', aud: 'v' }, 'T'), 'https://stream.mux.com/abc.m3u8?token=T');
    assert.equal(signedUrl({ sub: 'abc', aud: 't' }, 'T'), 'https://image.mux.com/abc/thumbnail.png?token=T');
    assert.equal(signedUrl({ sub: 'abc', aud: 'g' }, 'T'), 'https://image.mux.com/abc/animated.gif?token=T');
    assert.equal(signedUrl({ sub: 'abc', aud: 's' }, 'T'), 'https://image.mux.com/abc/storyboard.vtt?token=T');
    assert.equal(signedUrl({ sub: 'abc', aud: 'd' }, 'T'), undefined);
  });

  it('builds the FastPix stream URL from aud media:<id>', () => {
    assert.equal(signedUrl({ iss: 'fastpix.io', aud: 'media:xyz' }, 'T'), 'https://stream.fastpix.io/xyz.m3u8?token=T');
  });

  it('gives none for other tokens', () => {
    assert.equal(signedUrl({ iss: 'https://auth.example.com', sub: 'u', aud: 'v' }, 'T'), undefined);
  });

  it('gives none, and says why, for a playback id holding a lone surrogate (encodeURIComponent would throw)', () => {
    assert.equal(signedUrl({ sub: '\ud800', aud: 'v' }, 'T'), undefined);
    assert.equal(signedUrl({ iss: 'fastpix.io', aud: 'media:\udc00' }, 'T'), undefined);
    assert.deepEqual(signedUrlFor({ sub: 'a\ud800', aud: 'v' }, 'T'), {
      reason: 'its "sub" holds an unpaired UTF-16 surrogate, which a URL cannot carry',
    });
    assert.deepEqual(signedUrlFor({ iss: 'fastpix.io', aud: 'media:\udc00x' }, 'T'), {
      reason: 'its "aud" holds an unpaired UTF-16 surrogate, which a URL cannot carry',
    });
    assert.deepEqual(signedUrlFor({ sub: '\ud83d\ude00', aud: 'v' }, 'T'), { url: 'https://stream.mux.com/%F0%9F%98%80.m3u8?token=T' });
    assert.deepEqual(signedUrlFor({ sub: 'u', aud: 'x' }, 'T'), {});
  });
});

describe('signedUrl: ids in the path are encoded', () => {
  it('percent-encodes a playback or media id, so a claim cannot change the path or add a query', () => {
    assert.equal(signedUrl({ sub: 'a/../b?x=1', aud: 'v' }, 'T'), 'https://stream.mux.com/a%2F..%2Fb%3Fx%3D1.m3u8?token=T');
    assert.equal(signedUrl({ iss: 'FastPix', aud: 'media:a b#c' }, 'T'), 'https://stream.fastpix.io/a%20b%23c.m3u8?token=T');
  });

  it('needs a string aud, a Mux sub and no iss for Mux, and media:<id> for FastPix', () => {
    assert.equal(signedUrl({ sub: 'abc', aud: ['v'] }, 'T'), undefined);
    assert.equal(signedUrl({ sub: '', aud: 'v' }, 'T'), undefined);
    assert.equal(signedUrl({ sub: 42, aud: 'v' }, 'T'), undefined);
    assert.equal(signedUrl({ iss: 'fastpix.io', aud: 'v', sub: 'abc' }, 'T'), undefined);
  });
});
