// Presets for "JWT: New Claims File": Mux playback (video, thumbnail, gif, storyboard), Mux data /
// viewer counts, Mux DRM license, FastPix playback, and a generic API access token. Each is a
// claims file with comments saying what to fill in.

export interface ClaimsTemplate {
  readonly id: string;
  readonly label: string;
  readonly description: string;
  /** Suggested file name (a *.claims.json name, so the claims schema applies). */
  readonly fileName: string;
  readonly content: string;
}

const muxPlayback = (aud: string, what: string, extra = ''): string => `{
  // Mux signed playback (${what}). Sign with your Mux signing key (JWT: Add Mux Signing Key).
  "sub": "YOUR_PLAYBACK_ID", // the playback ID with a "signed" policy
  "aud": "${aud}", // v video · t thumbnail · g gif · s storyboard
  "exp": "15m", // short-lived: Mux advises expiring tokens quickly
  // "playback_restriction_id": "YOUR_RESTRICTION_ID", // optional: allowed referrers / user agents${extra}
  "$jwt": {
    "alg": "RS256",
    "kidIn": "payload" // Mux reads "kid" from the claims, as its SDK writes it
  }
}
`;

export const CLAIMS_TEMPLATES: readonly ClaimsTemplate[] = [
  {
    id: 'mux-video',
    label: 'Mux playback: video',
    description: 'aud v — stream.mux.com/<id>.m3u8?token=',
    fileName: 'mux-video.claims.json',
    content: muxPlayback('v', 'video'),
  },
  {
    id: 'mux-thumbnail',
    label: 'Mux playback: thumbnail',
    description: 'aud t — image.mux.com/<id>/thumbnail.png?token=',
    fileName: 'mux-thumbnail.claims.json',
    content: muxPlayback(
      't',
      'thumbnail',
      `
  // Image parameters go in the token, not the URL, for a signed playback ID.
  "time": 10, // seconds into the video
  "width": 640,
  "height": 360,
  "fit_mode": "smartcrop", // preserve · stretch · crop · smartcrop · pad
  "rotate": 0, // 0 · 90 · 180 · 270
  "flip_v": false,
  "flip_h": false,`,
    ),
  },
  {
    id: 'mux-gif',
    label: 'Mux playback: animated GIF',
    description: 'aud g — image.mux.com/<id>/animated.gif?token=',
    fileName: 'mux-gif.claims.json',
    content: muxPlayback(
      'g',
      'animated GIF',
      `
  // Image parameters go in the token, not the URL, for a signed playback ID.
  "start": 0, // seconds into the video
  "end": 5, // at most 10 s after start
  "width": 320,
  "fps": 15, // up to 30`,
    ),
  },
  {
    id: 'mux-storyboard',
    label: 'Mux playback: storyboard',
    description: 'aud s — image.mux.com/<id>/storyboard.vtt?token=',
    fileName: 'mux-storyboard.claims.json',
    content: muxPlayback('s', 'storyboard'),
  },
  {
    id: 'mux-data',
    label: 'Mux data: viewer counts',
    description: 'aud video_id | asset_id | playback_id | live_stream_id',
    fileName: 'mux-viewers.claims.json',
    content: `{
  // Mux Data real-time viewer counts. Sign with a Mux signing key.
  "sub": "YOUR_ASSET_ID", // the id of the thing counted
  "aud": "asset_id", // video_id · asset_id · playback_id · live_stream_id
  "exp": "15m",
  "$jwt": { "alg": "RS256", "kidIn": "payload" }
}
`,
  },
  {
    id: 'mux-drm',
    label: 'Mux DRM license',
    description: 'aud d — license requests for a DRM playback ID',
    fileName: 'mux-drm.claims.json',
    content: `{
  // Mux DRM license token, sent with license requests (Mux Player's drm-token).
  "sub": "YOUR_PLAYBACK_ID", // the DRM playback ID
  "aud": "d",
  "exp": "15m",
  "$jwt": { "alg": "RS256", "kidIn": "payload" }
}
`,
  },
  {
    id: 'fastpix-playback',
    label: 'FastPix playback',
    description: 'aud media:<id> — stream.fastpix.io/<id>.m3u8?token=',
    fileName: 'fastpix-playback.claims.json',
    content: `{
  // FastPix private media playback. Sign with your FastPix signing key (JWT: Add FastPix Signing Key):
  // its id is written as "kid" when signed.
  "aud": "media:YOUR_PLAYBACK_ID", // your playback ID after "media:"
  "iss": "fastpix.io",
  "iat": "now",
  "exp": "15m",
  "$jwt": { "alg": "RS256", "kidIn": "payload" }
}
`,
  },
  {
    id: 'api-access',
    label: 'API access token',
    description: 'iss, sub, aud, scope, exp',
    fileName: 'api-access.claims.json',
    content: `{
  "iss": "https://auth.example.com",
  "sub": "user-123",
  "aud": "https://api.example.com",
  "scope": "read:media",
  "exp": "1h",
  "$jwt": { "kidIn": "header" }
}
`,
  },
];
