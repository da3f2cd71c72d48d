// What an X.509 certificate says about itself (RFC 5280 §4.1): subject, issuer, validity, subject
// alternative names and its SHA-256 thumbprint, read for display from a JWS header's x5c (RFC 7515
// §4.1.6). Nothing here checks a signature or a chain: a certificate in a token is the token's own
// claim. Never throws: a certificate that does not read returns undefined.
import { derChildren, derItem, oidText, type DerItem } from './der';
import { base64Bytes, base64UrlText, isBase64Text } from './base64';
import { sha256 } from './sha256';

export interface CertificateInfo {
  readonly subject: string;
  readonly issuer: string;
  /** Epoch seconds. */
  readonly notBefore: number;
  readonly notAfter: number;
  /** DNS names, e-mail addresses, URIs and IP addresses, as "DNS:api.example.com". */
  readonly altNames: readonly string[];
  /** base64url SHA-256 of the DER: the x5t#S256 a JWS header would carry for it. */
  readonly thumbprint: string;
}

const SEQUENCE = 0x30;
const SET = 0x31;
const OID = 0x06;
const OCTET_STRING = 0x04;
const UTC_TIME = 0x17;
const GENERALIZED_TIME = 0x18;

/** Names of the attributes a distinguished name commonly has (RFC 4514 §3 and common use). */
const ATTRIBUTE_NAMES: Record<string, string> = {
  '2.5.4.3': 'CN',
  '2.5.4.5': 'serialNumber',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.9': 'street',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.97': 'organizationIdentifier',
  '0.9.2342.19200300.100.1.25': 'DC',
  '1.2.840.113549.1.9.1': 'emailAddress',
};
const SUBJECT_ALT_NAME = '2.5.29.17';
/** Certificates read per header at most: a chain is short, a hostile header is not. */
const MAX_CERTIFICATES = 10;
/** Characters of one x5c entry read at most (base64 of a DER certificate). */
const MAX_CERTIFICATE_CHARS = 32_768;

/** The certificates of an x5c header (standard base64 DER, leaf first), each read or undefined. */
export function readX5c(x5c: unknown): (CertificateInfo | undefined)[] | undefined {
  if (!Array.isArray(x5c) || x5c.length === 0) {
    return undefined;
  }
  return x5c.slice(0, MAX_CERTIFICATES).map((entry) => {
    if (typeof entry !== 'string' || entry.length > MAX_CERTIFICATE_CHARS || !isBase64Text(entry)) {
      return undefined;
    }
    return readCertificate(base64Bytes(entry.replace(/=+$/, '')));
  });
}

/** What a DER certificate says about itself, or undefined when it does not read as one. */
export function readCertificate(der: Uint8Array): CertificateInfo | undefined {
  const outer = derItem(der, 0);
  if (outer?.tag !== SEQUENCE) {
    return undefined;
  }
  const tbs = derChildren(der, outer)?.[0];
  const fields = tbs?.tag === SEQUENCE ? derChildren(der, tbs) : undefined;
  if (!fields) {
    return undefined;
  }
  // version [0] (optional), serialNumber, signature, issuer, validity, subject, subjectPublicKeyInfo, …, [3] extensions
  const base = fields[0]?.tag === 0xa0 ? 1 : 0;
  const [issuer, validity, subject] = [fields[base + 2], fields[base + 3], fields[base + 4]];
  const times = validity?.tag === SEQUENCE ? derChildren(der, validity) : undefined;
  const notBefore = times && readTime(der, times[0]);
  const notAfter = times && readTime(der, times[1]);
  if (!issuer || !subject || notBefore === undefined || notAfter === undefined) {
    return undefined;
  }
  const extensions = fields.find((field) => field.tag === 0xa3);
  return {
    subject: readName(der, subject),
    issuer: readName(der, issuer),
    notBefore,
    notAfter,
    altNames: extensions ? readAltNames(der, extensions) : [],
    thumbprint: base64UrlText(sha256(der.subarray(0, outer.end))),
  };
}

/** A distinguished name as RFC 4514 writes it, most specific first: "CN=api.example.com, O=Example, C=DE". */
function readName(der: Uint8Array, name: DerItem): string {
  const parts: string[] = [];
  for (const set of (name.tag === SEQUENCE && derChildren(der, name)) || []) {
    for (const pair of (set.tag === SET && derChildren(der, set)) || []) {
      const [type, value] = (pair.tag === SEQUENCE && derChildren(der, pair)) || [];
      if (type?.tag === OID && value) {
        const oid = oidText(der.subarray(type.start, type.end));
        parts.push(`${ATTRIBUTE_NAMES[oid] ?? oid}=${readString(der, value)}`);
      }
    }
  }
  return parts.reverse().join(', ');
}

/** The text of a directory string: UTF-8, printable, IA5, T61 (as latin1), BMP (UTF-16) or universal (UTF-32). */
function readString(der: Uint8Array, item: DerItem): string {
  const bytes = der.subarray(item.start, item.end);
  switch (item.tag) {
    case 0x1e: {
      let text = '';
      for (let i = 0; i + 1 < bytes.length; i += 2) {
        text += String.fromCharCode((bytes[i] << 8) | bytes[i + 1]);
      }
      return text;
    }
    case 0x1c: {
      let text = '';
      for (let i = 0; i + 3 < bytes.length; i += 4) {
        const code = ((bytes[i] << 24) | (bytes[i + 1] << 16) | (bytes[i + 2] << 8) | bytes[i + 3]) >>> 0;
        text += code <= 0x10ffff ? String.fromCodePoint(code) : '\ufffd';
      }
      return text;
    }
    case 0x14:
      return String.fromCharCode(...bytes);
    default:
      return new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  }
}

/** UTCTime (YYMMDDHHMMSSZ, years 1950-2049) or GeneralizedTime (YYYYMMDDHHMMSSZ) as epoch seconds (RFC 5280 §4.1.2.5). */
function readTime(der: Uint8Array, item: DerItem | undefined): number | undefined {
  if (item?.tag !== UTC_TIME && item?.tag !== GENERALIZED_TIME) {
    return undefined;
  }
  const text = String.fromCharCode(...der.subarray(item.start, item.end));
  const match = (
    item.tag === UTC_TIME ? /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/ : /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/
  ).exec(text);
  if (!match) {
    return undefined;
  }
  const year = item.tag === UTC_TIME ? (Number(match[1]) < 50 ? 2000 : 1900) + Number(match[1]) : Number(match[1]);
  const [month, day, hour, minute, second] = match.slice(2).map(Number);
  return Date.UTC(year, month - 1, day, hour, minute, second) / 1000;
}

/** The subject alternative names (RFC 5280 §4.2.1.6) among the extensions. */
function readAltNames(der: Uint8Array, extensions: DerItem): string[] {
  const list = derChildren(der, extensions)?.[0];
  for (const extension of (list?.tag === SEQUENCE && derChildren(der, list)) || []) {
    const members = extension.tag === SEQUENCE ? derChildren(der, extension) : undefined;
    const [id] = members ?? [];
    if (id?.tag !== OID || oidText(der.subarray(id.start, id.end)) !== SUBJECT_ALT_NAME) {
      continue;
    }
    const value = members?.find((member) => member.tag === OCTET_STRING);
    const names = value && derItem(der, value.start, value.end);
    return ((names?.tag === SEQUENCE && derChildren(der, names)) || []).flatMap((name) => altName(der, name) ?? []);
  }
  return [];
}

function altName(der: Uint8Array, item: DerItem): string | undefined {
  const bytes = der.subarray(item.start, item.end);
  const ascii = () => String.fromCharCode(...bytes);
  switch (item.tag) {
    case 0x81:
      return `email:${ascii()}`;
    case 0x82:
      return `DNS:${ascii()}`;
    case 0x86:
      return `URI:${ascii()}`;
    case 0x87:
      return bytes.length === 4
        ? `IP:${[...bytes].join('.')}`
        : bytes.length === 16
          ? `IP:${Array.from({ length: 8 }, (_, i) => ((bytes[2 * i] << 8) | bytes[2 * i + 1]).toString(16)).join(':')}`
          : undefined;
    default:
      return undefined;
  }
}
