// node:crypto for the web worker suite: random bytes from Web Crypto. Key objects exist only in node;
// the files that need them (keys.test, secret hygiene) do not run in the worker.
import { Buffer as NpmBuffer } from 'buffer/';

export function randomBytes(size) {
  return NpmBuffer.from(globalThis.crypto.getRandomValues(new Uint8Array(size)));
}

function nodeOnly(name) {
  return () => {
    throw new Error(`node:crypto ${name} is not available in the web worker suite.`);
  };
}

export const createPrivateKey = nodeOnly('createPrivateKey');
export const createPublicKey = nodeOnly('createPublicKey');
export const createSecretKey = nodeOnly('createSecretKey');
export const generateKeyPairSync = nodeOnly('generateKeyPairSync');
