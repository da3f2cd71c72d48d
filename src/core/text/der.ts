// Just enough DER to hand Web Crypto the key containers it reads (PKCS#8 and SPKI): PKCS#1 and SEC1
// keys are wrapped into them, a certificate gives up its SPKI, and RSA-PSS keys (whose OID browsers
// refuse) are read for their parameters and re-labelled as plain RSA. Nothing here throws: a
// structure that does not read returns undefined.

export interface DerItem {
  readonly tag: number;
  /** Where the item's header starts, where its content starts and where it ends. */
  readonly at: number;
  readonly start: number;
  readonly end: number;
}

/** Reads one DER tag-length-value at `at`, or undefined when it runs past the end. */
export function derItem(der: Uint8Array, at: number, end = der.length): DerItem | undefined {
  if (at + 2 > end) {
    return undefined;
  }
  const tag = der[at];
  let length = der[at + 1];
  let start = at + 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    if (count === 0 || count > 4 || start + count > end) {
      return undefined;
    }
    length = 0;
    for (let k = 0; k < count; k++) {
      length = length * 256 + der[start + k];
    }
    start += count;
  }
  return start + length > end ? undefined : { tag, at, start, end: start + length };
}

/** The items directly inside a constructed item (a SEQUENCE), or undefined when one does not read. */
export function derChildren(der: Uint8Array, parent: Pick<DerItem, 'start' | 'end'>): DerItem[] | undefined {
  const items: DerItem[] = [];
  for (let at = parent.start; at < parent.end;) {
    const item = derItem(der, at, parent.end);
    if (!item) {
      return undefined;
    }
    items.push(item);
    at = item.end;
  }
  return items;
}

/** One DER item of the tag around the content. */
export function derEncode(tag: number, ...contents: Uint8Array[]): Uint8Array {
  const length = contents.reduce((sum, content) => sum + content.length, 0);
  const header = [tag];
  if (length < 0x80) {
    header.push(length);
  } else {
    const bytes: number[] = [];
    for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) {
      bytes.unshift(rest & 0xff);
    }
    header.push(0x80 | bytes.length, ...bytes);
  }
  const out = new Uint8Array(header.length + length);
  out.set(header);
  let at = header.length;
  for (const content of contents) {
    out.set(content, at);
    at += content.length;
  }
  return out;
}

const SEQUENCE = 0x30;
const INTEGER = 0x02;
const BIT_STRING = 0x03;
const OCTET_STRING = 0x04;
const NULL = 0x05;
const OID = 0x06;

/** Dotted form of an OBJECT IDENTIFIER's content. */
export function oidText(content: Uint8Array): string {
  const arcs: number[] = [];
  let value = 0;
  for (const byte of content) {
    value = value * 128 + (byte & 0x7f);
    if (!(byte & 0x80)) {
      if (arcs.length === 0) {
        arcs.push(value < 80 ? Math.floor(value / 40) : 2, value < 80 ? value % 40 : value - 80);
      } else {
        arcs.push(value);
      }
      value = 0;
    }
  }
  return arcs.join('.');
}

function oidBytes(dotted: string): Uint8Array {
  const [first, second, ...rest] = dotted.split('.').map(Number);
  const out: number[] = [];
  for (const arc of [first * 40 + second, ...rest]) {
    const chunk = [arc & 0x7f];
    for (let value = Math.floor(arc / 128); value > 0; value = Math.floor(value / 128)) {
      chunk.unshift(0x80 | (value & 0x7f));
    }
    out.push(...chunk);
  }
  return derEncode(OID, new Uint8Array(out));
}

export const OIDS = {
  rsaEncryption: '1.2.840.113549.1.1.1',
  rsaPss: '1.2.840.113549.1.1.10',
  mgf1: '1.2.840.113549.1.1.8',
  ecPublicKey: '1.2.840.10045.2.1',
  ed25519: '1.3.101.112',
} as const;

/** Key algorithm OIDs by the names Node gives them, for messages about keys JWS cannot use. */
const KEY_ALGORITHM_NAMES: Record<string, string> = {
  [OIDS.rsaEncryption]: 'rsa',
  [OIDS.rsaPss]: 'rsa-pss',
  [OIDS.ecPublicKey]: 'ec',
  [OIDS.ed25519]: 'ed25519',
  '1.3.101.113': 'ed448',
  '1.3.101.110': 'x25519',
  '1.3.101.111': 'x448',
  '1.2.840.10040.4.1': 'dsa',
  '1.2.840.113549.1.3.1': 'dh',
};

/** Named curves by OID: the JWS ones under their JOSE names, a few others under OpenSSL's. */
const CURVE_NAMES: Record<string, string> = {
  '1.2.840.10045.3.1.7': 'P-256',
  '1.3.132.0.34': 'P-384',
  '1.3.132.0.35': 'P-521',
  '1.3.132.0.10': 'secp256k1',
  '1.2.840.10045.3.1.1': 'prime192v1',
  '1.3.132.0.33': 'secp224r1',
  '1.3.36.3.3.2.8.1.1.7': 'brainpoolP256r1',
  '1.3.36.3.3.2.8.1.1.11': 'brainpoolP384r1',
  '1.3.36.3.3.2.8.1.1.13': 'brainpoolP512r1',
};

const HASH_NAMES: Record<string, string> = {
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.4': 'sha224',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};

/** RSASSA-PSS-params (RFC 4055 §3.1), with the defaults filled in when the parameters are present. */
export interface PssParameters {
  readonly hash: string;
  readonly mgf1Hash: string;
  readonly saltLength: number;
}

export interface KeyInfo {
  /** 'rsa', 'rsa-pss', 'ec', 'ed25519', another Node name, or the dotted OID of one it has none for. */
  readonly algorithm: string;
  /** For EC keys: P-256, P-384, P-521, or another curve's name or OID. */
  readonly curve?: string;
  /** For RSA-PSS keys that carry parameters; undefined when they allow any hash. */
  readonly pss?: PssParameters;
}

/** What kind of key a PKCS#8 PrivateKeyInfo or an SPKI holds, read from its AlgorithmIdentifier. */
export function keyInfo(der: Uint8Array, isPrivate: boolean): KeyInfo | undefined {
  const algorithm = algorithmIdentifier(der, isPrivate);
  if (!algorithm) {
    return undefined;
  }
  const [oid, parameters] = algorithm;
  if (oid.tag !== OID) {
    return undefined;
  }
  const dotted = oidText(der.subarray(oid.start, oid.end));
  const name = KEY_ALGORITHM_NAMES[dotted] ?? dotted;
  if (name === 'ec') {
    if (parameters?.tag !== OID) {
      return undefined;
    }
    const curve = oidText(der.subarray(parameters.start, parameters.end));
    return { algorithm: name, curve: CURVE_NAMES[curve] ?? curve };
  }
  if (name === 'rsa-pss' && parameters?.tag === SEQUENCE) {
    const pss = pssParameters(der, parameters);
    return pss ? { algorithm: name, pss } : undefined;
  }
  return { algorithm: name };
}

/** The AlgorithmIdentifier's OID and parameters: after the version in PKCS#8, first in SPKI. */
function algorithmIdentifier(der: Uint8Array, isPrivate: boolean): DerItem[] | undefined {
  const outer = derItem(der, 0);
  if (outer?.tag !== SEQUENCE) {
    return undefined;
  }
  const items = derChildren(der, outer);
  const algorithm = items?.[isPrivate ? 1 : 0];
  if (algorithm?.tag !== SEQUENCE) {
    return undefined;
  }
  return derChildren(der, algorithm);
}

function pssParameters(der: Uint8Array, sequence: DerItem): PssParameters | undefined {
  // RFC 4055 §3.1 defaults: SHA-1, MGF1 with SHA-1, a salt of 20 bytes.
  let hash = 'sha1';
  let mgf1Hash = 'sha1';
  let saltLength = 20;
  for (const field of derChildren(der, sequence) ?? []) {
    const inner = derItem(der, field.start, field.end);
    if (!inner) {
      return undefined;
    }
    if (field.tag === 0xa0) {
      hash = hashName(der, inner) ?? '';
    } else if (field.tag === 0xa1) {
      // AlgorithmIdentifier { id-mgf1, AlgorithmIdentifier { hash } }
      const [mgf, mgfHash] = derChildren(der, inner) ?? [];
      if (mgf?.tag !== OID || oidText(der.subarray(mgf.start, mgf.end)) !== OIDS.mgf1 || !mgfHash) {
        return undefined;
      }
      mgf1Hash = hashName(der, mgfHash) ?? '';
    } else if (field.tag === 0xa2) {
      if (inner.tag !== INTEGER || inner.end - inner.start > 4) {
        return undefined;
      }
      saltLength = 0;
      for (let k = inner.start; k < inner.end; k++) {
        saltLength = saltLength * 256 + der[k];
      }
    }
  }
  return hash && mgf1Hash ? { hash, mgf1Hash, saltLength } : undefined;
}

function hashName(der: Uint8Array, algorithm: DerItem): string | undefined {
  const oid = algorithm.tag === SEQUENCE ? derChildren(der, algorithm)?.[0] : undefined;
  if (oid?.tag !== OID) {
    return undefined;
  }
  const dotted = oidText(der.subarray(oid.start, oid.end));
  return HASH_NAMES[dotted] ?? dotted;
}

const RSA_ALGORITHM = derEncode(SEQUENCE, oidBytes(OIDS.rsaEncryption), new Uint8Array([NULL, 0]));
const VERSION_0 = new Uint8Array([INTEGER, 1, 0]);

/** PKCS#1 RSAPrivateKey → PKCS#8 PrivateKeyInfo (RFC 5208), as `openssl pkcs8 -topk8` writes it. */
export function pkcs1PrivateToPkcs8(pkcs1: Uint8Array): Uint8Array | undefined {
  const outer = derItem(pkcs1, 0);
  if (outer?.tag !== SEQUENCE || outer.end !== pkcs1.length) {
    return undefined;
  }
  return derEncode(SEQUENCE, VERSION_0, RSA_ALGORITHM, derEncode(OCTET_STRING, pkcs1));
}

/** PKCS#1 RSAPublicKey → SubjectPublicKeyInfo (RFC 5280). */
export function pkcs1PublicToSpki(pkcs1: Uint8Array): Uint8Array | undefined {
  const outer = derItem(pkcs1, 0);
  if (outer?.tag !== SEQUENCE || outer.end !== pkcs1.length) {
    return undefined;
  }
  return derEncode(SEQUENCE, RSA_ALGORITHM, derEncode(BIT_STRING, new Uint8Array([0]), pkcs1));
}

/**
 * SEC1 ECPrivateKey (RFC 5915) → PKCS#8, the curve taken from the key's own parameters. The inner
 * key loses its parameters, since PKCS#8 names the curve in the AlgorithmIdentifier (as OpenSSL does).
 */
export function sec1ToPkcs8(sec1: Uint8Array): Uint8Array | undefined {
  const outer = derItem(sec1, 0);
  if (outer?.tag !== SEQUENCE || outer.end !== sec1.length) {
    return undefined;
  }
  const items = derChildren(sec1, outer);
  if (!items || items[0]?.tag !== INTEGER || items[1]?.tag !== OCTET_STRING) {
    return undefined;
  }
  const parameters = items.find((item) => item.tag === 0xa0);
  const curve = parameters && derItem(sec1, parameters.start, parameters.end);
  if (curve?.tag !== OID) {
    return undefined;
  }
  const kept = items.filter((item) => item !== parameters).map((item) => sec1.subarray(item.at, item.end));
  const algorithm = derEncode(SEQUENCE, oidBytes(OIDS.ecPublicKey), sec1.subarray(curve.at, curve.end));
  return derEncode(SEQUENCE, VERSION_0, algorithm, derEncode(OCTET_STRING, derEncode(SEQUENCE, ...kept)));
}

/** The SubjectPublicKeyInfo of an X.509 certificate (RFC 5280 §4.1). */
export function certificateSpki(certificate: Uint8Array): Uint8Array | undefined {
  const outer = derItem(certificate, 0);
  if (outer?.tag !== SEQUENCE) {
    return undefined;
  }
  const tbs = derChildren(certificate, outer)?.[0];
  if (tbs?.tag !== SEQUENCE) {
    return undefined;
  }
  const fields = derChildren(certificate, tbs);
  if (!fields) {
    return undefined;
  }
  // version [0] (optional), serialNumber, signature, issuer, validity, subject, subjectPublicKeyInfo
  const spki = fields[fields[0]?.tag === 0xa0 ? 6 : 5];
  return spki?.tag === SEQUENCE ? certificate.subarray(spki.at, spki.end) : undefined;
}

/**
 * An RSA-PSS PKCS#8 or SPKI re-labelled as rsaEncryption around the same RSA numbers: the form every
 * Web Crypto reads. The PSS restriction is kept by the caller, which allows the one PS algorithm.
 */
export function rsaPssAsRsa(der: Uint8Array, isPrivate: boolean): Uint8Array | undefined {
  const outer = derItem(der, 0);
  if (outer?.tag !== SEQUENCE) {
    return undefined;
  }
  const items = derChildren(der, outer);
  if (!items) {
    return undefined;
  }
  const key = items[isPrivate ? 2 : 1];
  if (isPrivate) {
    if (items[0]?.tag !== INTEGER || key?.tag !== OCTET_STRING) {
      return undefined;
    }
    return derEncode(SEQUENCE, VERSION_0, RSA_ALGORITHM, der.subarray(key.at, key.end));
  }
  // A BIT STRING's first content byte counts unused bits: zero for a key.
  if (key?.tag !== BIT_STRING || der[key.start] !== 0) {
    return undefined;
  }
  return derEncode(SEQUENCE, RSA_ALGORITHM, der.subarray(key.at, key.end));
}
