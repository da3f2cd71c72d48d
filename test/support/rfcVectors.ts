// Published JWS and JWE test vectors, typed from the RFCs: RFC 7520 §4.1-4.4 (a text payload signed with
// RS256, PS384, ES512 and HS256; keys from §3.3, §3.2 and §3.5, public halves only where that
// suffices) and RFC 8037 §A.4 (Ed25519; key from §A.1-A.2). Their payloads are text, not JSON.

/** RFC 7520 §4 (Figure 7): "It’s a dangerous business, Frodo, …" with U+2019 apostrophes. */
export const RFC7520_PAYLOAD =
  "It\u2019s a dangerous business, Frodo, going out your door. You step onto the road, and if you don't keep your feet, there\u2019s no knowing where you might be swept off to.";

const PAYLOAD_B64 =
  'SXTigJlzIGEgZGFuZ2Vyb3VzIGJ1c2luZXNzLCBGcm9kbywgZ29pbmcgb3V0IH' +
  'lvdXIgZG9vci4gWW91IHN0ZXAgb250byB0aGUgcm9hZCwgYW5kIGlmIHlvdSBk' +
  'b24ndCBrZWVwIHlvdXIgZmVldCwgdGhlcmXigJlzIG5vIGtub3dpbmcgd2hlcm' +
  'UgeW91IG1pZ2h0IGJlIHN3ZXB0IG9mZiB0by4';

/** RFC 7520 §3.3 (Figure 3): the RSA public key; §3.4 has its private half. */
export const RFC7520_RSA_PUBLIC_JWK = {
  kty: 'RSA',
  kid: 'bilbo.baggins@hobbiton.example',
  use: 'sig',
  n: 'n4EPtAOCc9AlkeQHPzHStgAbgs7bTZLwUBZdR8_KuKPEHLd4rHVTeT-O-XV2jRojdNhxJWTDvNd7nqQ0VEiZQHz_AJmSCpMaJMRBSFKrKb2wqVwGU_NsYOYL-QtiWN2lbzcEe6XC0dApr5ydQLrHqkHHig3RBordaZ6Aj-oBHqFEHYpPe7Tpe-OfVfHd1E6cS6M1FZcD1NNLYD5lFHpPI9bTwJlsde3uhGqC0ZCuEHg8lhzwOHrtIQbS0FVbb9k3-tVTU4fg_3L_vniUFAKwuCLqKnS2BYwdq_mzSnbLY7h_qixoR7jig3__kRhuaxwUkRz5iaiQkqgc5gHdrNP5zw',
  e: 'AQAB',
};

/** RFC 7520 §3.1 (Figure 1): the EC P-521 public key; the same kid as the RSA key. */
export const RFC7520_EC_PUBLIC_JWK = {
  kty: 'EC',
  kid: 'bilbo.baggins@hobbiton.example',
  use: 'sig',
  crv: 'P-521',
  x: 'AHKZLLOsCOzz5cY97ewNUajB957y-C-U88c3v13nmGZx6sYl_oJXu9A5RkTKqjqvjyekWF-7ytDyRXYgCF5cj0Kt',
  y: 'AdymlHvOiLxXkEhayXQnNCvDX4h9htZaCJN34kfmC6pV5OhQHiraVySsUdaQkAgDPrwQrJmbnX9cwlGfP-HqHZR1',
};

/** RFC 7520 §3.5 (Figure 5): the symmetric key for MAC computation. Published, so no secret. */
export const RFC7520_HMAC_JWK = {
  kty: 'oct',
  kid: '018c0ae5-4d9b-471b-bfd6-eef314bc7037',
  use: 'sig',
  alg: 'HS256',
  k: 'hJtXIZ2uSN5kbQfbtTNWbpdmhkV8FJG-Onbc6mxCcYg',
};

/** RFC 8037 §A.1-A.2: the Ed25519 public key (no kid). */
export const RFC8037_ED25519_PUBLIC_JWK = { kty: 'OKP', crv: 'Ed25519', x: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo' };

export interface JwsVector {
  readonly section: string;
  readonly alg: string;
  readonly key: Record<string, string>;
  readonly payload: string;
  readonly compact: string;
}

export const JWS_VECTORS: readonly JwsVector[] = [
  {
    section: 'RFC 7520 §4.1 (RS256)',
    alg: 'RS256',
    key: RFC7520_RSA_PUBLIC_JWK,
    payload: RFC7520_PAYLOAD,
    compact:
      'eyJhbGciOiJSUzI1NiIsImtpZCI6ImJpbGJvLmJhZ2dpbnNAaG9iYml0b24uZXhhbXBsZSJ9.' +
      PAYLOAD_B64 +
      '.MRjdkly7_-oTPTS3AXP41iQIGKa80A0ZmTuV5MEaHoxnW2e5CZ5NlKtainoFmKZopdHM1O2U4mwzJdQx996ivp83xuglII7PNDi84wnB-BDkoBwA78185hX-Es4JIwmDLJK3lfWRa-XtL0RnltuYv746iYTh_qHRD68BNt1uSNCrUCTJDt5aAE6x8wW1Kt9eRo4QPocSadnHXFxnt8Is9UzpERV0ePPQdLuW3IS_de3xyIrDaLGdjluPxUAhb6L2aXic1U12podGU0KLUQSE_oI-ZnmKJ3F4uOZDnd6QZWJushZ41Axf_fcIe8u9ipH84ogoree7vjbU5y18kDquDg',
  },
  {
    section: 'RFC 7520 §4.2 (PS384)',
    alg: 'PS384',
    key: RFC7520_RSA_PUBLIC_JWK,
    payload: RFC7520_PAYLOAD,
    compact:
      'eyJhbGciOiJQUzM4NCIsImtpZCI6ImJpbGJvLmJhZ2dpbnNAaG9iYml0b24uZXhhbXBsZSJ9.' +
      PAYLOAD_B64 +
      '.cu22eBqkYDKgIlTpzDXGvaFfz6WGoz7fUDcfT0kkOy42miAh2qyBzk1xEsnk2IpN6-tPid6VrklHkqsGqDqHCdP6O8TTB5dDDItllVo6_1OLPpcbUrhiUSMxbbXUvdvWXzg-UD8biiReQFlfz28zGWVsdiNAUf8ZnyPEgVFn442ZdNqiVJRmBqrYRXe8P_ijQ7p8Vdz0TTrxUeT3lm8d9shnr2lfJT8ImUjvAA2Xez2Mlp8cBE5awDzT0qI0n6uiP1aCN_2_jLAeQTlqRHtfa64QQSUmFAAjVKPbByi7xho0uTOcbH510a6GYmJUAfmWjwZ6oD4ifKo8DYM-X72Eaw',
  },
  {
    section: 'RFC 7520 §4.3 (ES512)',
    alg: 'ES512',
    key: RFC7520_EC_PUBLIC_JWK,
    payload: RFC7520_PAYLOAD,
    compact:
      'eyJhbGciOiJFUzUxMiIsImtpZCI6ImJpbGJvLmJhZ2dpbnNAaG9iYml0b24uZXhhbXBsZSJ9.' +
      PAYLOAD_B64 +
      '.AE_R_YZCChjn4791jSQCrdPZCNYqHXCTZH0-JZGYNlaAjP2kqaluUIIUnC9qvbu9Plon7KRTzoNEuT4Va2cmL1eJAQy3mtPBu_u_sDDyYjnAMDxXPn7XrT0lw-kvAD890jl8e2puQens_IEKBpHABlsbEPX6sFY8OcGDqoRuBomu9xQ2',
  },
  {
    section: 'RFC 7520 §4.4 (HS256)',
    alg: 'HS256',
    key: RFC7520_HMAC_JWK,
    payload: RFC7520_PAYLOAD,
    compact:
      'eyJhbGciOiJIUzI1NiIsImtpZCI6IjAxOGMwYWU1LTRkOWItNDcxYi1iZmQ2LWVlZjMxNGJjNzAzNyJ9.' +
      PAYLOAD_B64 +
      '.s0h6KThzkfBBBkLspW1h84VsJZFTsPPqMDA7g1Md7p0',
  },
  {
    section: 'RFC 8037 §A.4 (EdDSA, Ed25519)',
    alg: 'EdDSA',
    key: RFC8037_ED25519_PUBLIC_JWK,
    payload: 'Example of Ed25519 signing',
    compact:
      'eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc.hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg',
  },
];

/** RFC 7520 §5 (Figure 72): the plaintext of the JWE examples, with U+2013 dashes. */
export const RFC7520_JWE_PLAINTEXT =
  'You can trust us to stick with you through thick and thin\u2013to the bitter end. And you can trust us to keep any secret of yours\u2013closer than you keep it yourself. But you cannot trust us to let you face trouble alone, and go off without a word. We are your friends, Frodo.';

export interface JweVector {
  readonly section: string;
  readonly alg: string;
  /** The symmetric key (RFC 7520 Figures 130 and 151). */
  readonly jwk: { readonly kty: 'oct'; readonly kid: string; readonly use: 'enc'; readonly alg: string; readonly k: string };
  readonly compact: string;
}

export const JWE_VECTORS: readonly JweVector[] = [
  {
    section: 'RFC 7520 §5.6 (dir, A128GCM)',
    alg: 'dir',
    jwk: { kty: 'oct', kid: '77c7e2b8-6e13-45cf-8672-617b5b45243a', use: 'enc', alg: 'A128GCM', k: 'XctOhJAkA-pD9Lh7ZgW_2A' },
    compact:
      'eyJhbGciOiJkaXIiLCJraWQiOiI3N2M3ZTJiOC02ZTEzLTQ1Y2YtODY3Mi02MTdiNWI0NTI0M2EiLCJlbmMiOiJBMTI4R0NNIn0' +
      '..refa467QzzKx6QAB' +
      '.JW_i_f52hww_ELQPGaYyeAB6HYGcR559l9TYnSovc23XJoBcW29rHP8yZOZG7YhLpT1bjFuvZPjQS-m0IFtVcXkZXdH_lr_FrdYt9HRUYkshtrMmIUAyGmUnd9zMDB2n0cRDIHAzFVeJUDxkUwVAE7_YGRPdcqMyiBoCO-FBdE-Nceb4h3-FtBP-c_BIwCPTjb9o0SbdcdREEMJMyZBH8ySWMVi1gPD9yxi-aQpGbSv_F9N4IZAxscj5g-NJsUPbjk29-s7LJAGb15wEBtXphVCgyy53CoIKLHHeJHXex45Uz9aKZSRSInZI-wjsY0yu3cT4_aQ3i1o-tiE-F8Ios61EKgyIQ4CWao8PFMj8TTnp' +
      '.vbb32Xvllea2OtmHAdccRQ',
  },
  {
    section: 'RFC 7520 §5.8 (A128KW, A128GCM)',
    alg: 'A128KW',
    jwk: { kty: 'oct', kid: '81b20965-8332-43d9-a468-82160ad91ac8', use: 'enc', alg: 'A128KW', k: 'GZy6sIZ6wl9NJOKB-jnmVQ' },
    compact:
      'eyJhbGciOiJBMTI4S1ciLCJraWQiOiI4MWIyMDk2NS04MzMyLTQzZDktYTQ2OC04MjE2MGFkOTFhYzgiLCJlbmMiOiJBMTI4R0NNIn0' +
      '.CBI6oDw8MydIx1IBntf_lQcw2MmJKIQx' +
      '.Qx0pmsDa8KnJc9Jo' +
      '.AwliP-KmWgsZ37BvzCefNen6VTbRK3QMA4TkvRkH0tP1bTdhtFJgJxeVmJkLD61A1hnWGetdg11c9ADsnWgL56NyxwSYjU1ZEHcGkd3EkU0vjHi9gTlb90qSYFfeF0LwkcTtjbYKCsiNJQkcIp1yeM03OmuiYSoYJVSpf7ej6zaYcMv3WwdxDFl8REwOhNImk2Xld2JXq6BR53TSFkyT7PwVLuq-1GwtGHlQeg7gDT6xW0JqHDPn_H-puQsmthc9Zg0ojmJfqqFvETUxLAF-KjcBTS5dNy6egwkYtOt8EIHK-oEsKYtZRaa8Z7MOZ7UGxGIMvEmxrGCPeJa14slv2-gaqK0kEThkaSqdYw0FkQZF' +
      '.ER7MWJZ1FBI_NKvn7Zb1Lw',
  },
];
