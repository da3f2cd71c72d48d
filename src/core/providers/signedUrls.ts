// Signed URLs for Mux and FastPix playback tokens, built from the claims.
import type { JsonObject } from '../token/decode';
import { playbackPlatform } from '../judge/platforms';

const MUX_URLS: Record<string, (id: string) => string> = {
  v: (id) => `https://stream.mux.com/${id}.m3u8`,
  t: (id) => `https://image.mux.com/${id}/thumbnail.png`,
  g: (id) => `https://image.mux.com/${id}/animated.gif`,
  s: (id) => `https://image.mux.com/${id}/storyboard.vtt`,
};

/** A playback token's URL; or none, with why when its claims are a playback token's but cannot make one. */
export type SignedUrlResult =
  { readonly url: string; readonly reason?: undefined } | { readonly url?: undefined; readonly reason?: string };

/** The URL that carries this token, for Mux playback (aud v/t/g/s) and FastPix (aud media:<id>); else undefined. */
export function signedUrl(payload: JsonObject, token: string): string | undefined {
  return signedUrlFor(payload, token).url;
}

/**
 * signedUrl with the reason a playback token has none: its id holds a lone UTF-16 surrogate, which
 * no URL can carry (percent-encoding needs well-formed text). Never throws.
 */
export function signedUrlFor(payload: JsonObject, token: string): SignedUrlResult {
  const { aud, sub } = payload;
  if (typeof aud !== 'string') {
    return {};
  }
  const withToken = (base: string) => ({ url: `${base}?token=${token}` });
  const platform = playbackPlatform(payload);
  if (platform === 'FastPix') {
    const id = /^media:(.+)$/.exec(aud)?.[1];
    if (!id) {
      return {};
    }
    const encoded = encodedSegment(id);
    return encoded === undefined ? { reason: lone('aud') } : withToken(`https://stream.fastpix.io/${encoded}.m3u8`);
  }
  if (platform === 'Mux' && typeof sub === 'string' && sub && MUX_URLS[aud]) {
    const encoded = encodedSegment(sub);
    return encoded === undefined ? { reason: lone('sub') } : withToken(MUX_URLS[aud](encoded));
  }
  return {};
}

function lone(claim: string): string {
  return `its "${claim}" holds an unpaired UTF-16 surrogate, which a URL cannot carry`;
}

/** The id percent-encoded as one path segment, or undefined when it is not well-formed UTF-16. */
function encodedSegment(id: string): string | undefined {
  try {
    return encodeURIComponent(id);
  } catch {
    return undefined;
  }
}
