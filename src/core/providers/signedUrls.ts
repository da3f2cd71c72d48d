// Signed URLs for Mux and FastPix playback tokens, built from the claims.
import type { JsonObject } from '../token/decode';

const MUX_URLS: Record<string, (id: string) => string> = {
  v: (id) => `https://stream.mux.com/${id}.m3u8`,
  t: (id) => `https://image.mux.com/${id}/thumbnail.png`,
  g: (id) => `https://image.mux.com/${id}/animated.gif`,
  s: (id) => `https://image.mux.com/${id}/storyboard.vtt`,
};

/** The URL that carries this token, for Mux playback (aud v/t/g/s) and FastPix (aud media:<id>); else undefined. */
export function signedUrl(payload: JsonObject, token: string): string | undefined {
  const { aud, sub, iss } = payload;
  if (typeof aud !== 'string') {
    return undefined;
  }
  const withToken = (base: string) => `${base}?token=${token}`;
  if (typeof iss === 'string' && /fastpix/i.test(iss)) {
    const id = /^media:(.+)$/.exec(aud)?.[1];
    return id ? withToken(`https://stream.fastpix.io/${encodeURIComponent(id)}.m3u8`) : undefined;
  }
  if (typeof sub === 'string' && sub && MUX_URLS[aud] && iss === undefined) {
    return withToken(MUX_URLS[aud](encodeURIComponent(sub)));
  }
  return undefined;
}
