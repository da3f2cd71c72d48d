// Compact JWEs built with node:crypto alone (RFC 7516 §5.1, RFC 7518 §4-5), independently of jose,
// so decryption is tested against tokens jose did not make.
import * as crypto from 'node:crypto';

const b64u = (bytes: Uint8Array | string) => Buffer.from(bytes).toString('base64url');

/** AES-GCM content encryption (RFC 7518 §5.3): the AAD is the ASCII of the encoded protected header. */
function encryptContent(
  enc: string,
  cek: Buffer,
  protectedHeader: string,
  plaintext: string,
): { iv: string; ciphertext: string; tag: string } {
  const bits = Number(enc.slice(1, 4));
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv(`aes-${bits}-gcm` as crypto.CipherGCMTypes, cek, iv);
  cipher.setAAD(Buffer.from(protectedHeader, 'ascii'));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return { iv: b64u(iv), ciphertext: b64u(ciphertext), tag: b64u(cipher.getAuthTag()) };
}

function assemble(header: Record<string, unknown>, encryptedKey: Buffer, cek: Buffer, plaintext: string): string {
  const protectedHeader = b64u(JSON.stringify(header));
  const { iv, ciphertext, tag } = encryptContent(String(header.enc), cek, protectedHeader, plaintext);
  return [protectedHeader, b64u(encryptedKey), iv, ciphertext, tag].join('.');
}

/** AES key wrap (RFC 3394) with the default IV, as A*KW and ECDH-ES+A*KW use it. */
function wrapKey(kek: Buffer, cek: Buffer): Buffer {
  const cipher = crypto.createCipheriv(`id-aes${kek.length * 8}-wrap`, kek, Buffer.from('A6A6A6A6A6A6A6A6', 'hex'));
  return Buffer.concat([cipher.update(cek), cipher.final()]);
}

/** Concat KDF (RFC 7518 §4.6.2, NIST SP 800-56A) with empty apu and apv. */
function concatKdf(z: Buffer, algorithmId: string, keyBits: number): Buffer {
  const len32 = (n: number) => {
    const out = Buffer.alloc(4);
    out.writeUInt32BE(n);
    return out;
  };
  const otherInfo = Buffer.concat([len32(algorithmId.length), Buffer.from(algorithmId), len32(0), len32(0), len32(keyBits)]);
  return crypto
    .createHash('sha256')
    .update(Buffer.concat([len32(1), z, otherInfo]))
    .digest()
    .subarray(0, keyBits / 8);
}

export function jweDir(secret: Buffer, enc: 'A128GCM' | 'A256GCM', plaintext: string, header: Record<string, unknown> = {}): string {
  return assemble({ alg: 'dir', enc, ...header }, Buffer.alloc(0), secret, plaintext);
}

export function jweAesKw(kek: Buffer, plaintext: string, header: Record<string, unknown> = {}): string {
  const cek = crypto.randomBytes(16);
  return assemble({ alg: `A${kek.length * 8}KW`, enc: 'A128GCM', ...header }, wrapKey(kek, cek), cek, plaintext);
}

export function jweRsaOaep(
  publicKey: crypto.KeyObject,
  alg: 'RSA-OAEP' | 'RSA-OAEP-256',
  plaintext: string,
  header: Record<string, unknown> = {},
): string {
  const cek = crypto.randomBytes(32);
  const encryptedKey = crypto.publicEncrypt(
    { key: publicKey, padding: crypto.constants.RSA_PKCS1_OAEP_PADDING, oaepHash: alg === 'RSA-OAEP' ? 'sha1' : 'sha256' },
    cek,
  );
  return assemble({ alg, enc: 'A256GCM', ...header }, encryptedKey, cek, plaintext);
}

export function jweEcdhEs(
  recipient: crypto.KeyObject,
  alg: 'ECDH-ES' | 'ECDH-ES+A128KW',
  plaintext: string,
  header: Record<string, unknown> = {},
): string {
  const ephemeral = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const z = crypto.diffieHellman({ privateKey: ephemeral.privateKey, publicKey: recipient });
  const { kty, crv, x, y } = ephemeral.publicKey.export({ format: 'jwk' });
  const full = { alg, enc: 'A128GCM', epk: { kty, crv, x, y }, ...header };
  if (alg === 'ECDH-ES') {
    return assemble(full, Buffer.alloc(0), concatKdf(z, 'A128GCM', 128), plaintext);
  }
  const cek = crypto.randomBytes(16);
  return assemble(full, wrapKey(concatKdf(z, alg, 128), cek), cek, plaintext);
}
