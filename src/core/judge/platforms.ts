// Which video platform a token is for, told from its claims: the one home of the Mux and FastPix
// recognisers the lints, the signed URLs, the sign command and the FastPix key lookup all ask.
import type { DecodedToken, JsonObject } from '../token/decode';

export type PlaybackPlatform = 'Mux' | 'FastPix';

export const MUX_PLAYBACK_AUDIENCES = ['v', 't', 'g', 's', 'd'];
export const MUX_DATA_AUDIENCES = ['video_id', 'asset_id', 'playback_id', 'live_stream_id'];
/** Image parameters Mux reads from inside a thumbnail or GIF token (for a signed playback id they belong there, not in the URL). */
export const MUX_IMAGE_PARAMETERS = ['time', 'width', 'height', 'rotate', 'fit_mode', 'flip_v', 'flip_h', 'start', 'end', 'fps'];
export const MUX_IMAGE_AUDIENCES = ['t', 'g'];

/** fastpix.io or a host under it, with or without a scheme or path. */
export function isFastPixIssuer(iss: unknown): boolean {
  return typeof iss === 'string' && /(^|\.)fastpix\.io$/.test(iss.replace(/^https?:\/\//, '').replace(/\/.*$/, ''));
}

/**
 * Which video platform claims are for, by what they name: issued by fastpix.io or for media:<id>
 * (FastPix); a subject, a Mux audience and no issuer (Mux). Both refuse a token without a kid.
 */
export function playbackPlatform(payload: JsonObject): PlaybackPlatform | undefined {
  const { iss, aud, sub } = payload;
  if (isFastPixIssuer(iss) || (typeof aud === 'string' && aud.startsWith('media:'))) {
    return 'FastPix';
  }
  const muxAudience = typeof aud === 'string' && (MUX_PLAYBACK_AUDIENCES.includes(aud) || MUX_DATA_AUDIENCES.includes(aud));
  return muxAudience && iss === undefined && typeof sub === 'string' ? 'Mux' : undefined;
}

/**
 * Shaped like a Mux token, right or wrong: RS256, a subject, a kid (header or payload), a one-word
 * aud, no issuer. Wider than playbackPlatform, so a Mux token with a wrong aud is still told it is.
 */
export function looksLikeMux(decoded: DecodedToken): boolean {
  const { header, payload } = decoded;
  if (!header || !payload || header.alg !== 'RS256' || payload.iss !== undefined) {
    return false;
  }
  const hasKid = typeof header.kid === 'string' || typeof payload.kid === 'string';
  return hasKid && typeof payload.sub === 'string' && typeof payload.aud === 'string' && !payload.aud.includes(':');
}

/** Issued by fastpix.io, right or wrong otherwise (the fastpix-aud lint checks its aud). */
export function looksLikeFastPix(decoded: DecodedToken): boolean {
  return isFastPixIssuer(decoded.payload?.iss);
}

/** A FastPix playback token as FastPix signs them: its claims name FastPix, and RS256. */
export function isFastPixToken(decoded: DecodedToken): boolean {
  return decoded.header?.alg === 'RS256' && !!decoded.payload && playbackPlatform(decoded.payload) === 'FastPix';
}
