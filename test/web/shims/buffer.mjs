// The tests' Buffer in the web worker suite: the npm port of Node's Buffer, injected where `Buffer` is
// used. It predates Node's 'base64url' encoding: that one is base64 made URL-safe and unpadded
// (decoding already accepts the URL-safe alphabet).
import { Buffer as NpmBuffer } from 'buffer/';

const bufferToString = NpmBuffer.prototype.toString;
NpmBuffer.prototype.toString = function (encoding, ...range) {
  if (encoding !== 'base64url') return bufferToString.call(this, encoding, ...range);
  return bufferToString
    .call(this, 'base64', ...range)
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
};

export { NpmBuffer as Buffer };
