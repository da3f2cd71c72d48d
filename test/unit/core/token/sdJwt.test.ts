import * as assert from 'node:assert/strict';
import { decodeToken } from '../../../../src/core/token/decode';
import { decodeMatch, scanTokenWindows, scanTokens, tokenAt } from '../../../../src/core/token/scan';
import { decodeDisclosure, presentationParts } from '../../../../src/core/token/sdJwt';
import { FAMILY_NAME_DISCLOSURE, ISSUED_SD_JWT, PRESENTATION_KB, VC_PRESENTATION_KB } from '../../../support/rfc9901';
import { b64 } from '../../../support/tokens';

const issuerJwt = ISSUED_SD_JWT.slice(0, ISSUED_SD_JWT.indexOf('~'));
const keyBindingJwt = PRESENTATION_KB.slice(PRESENTATION_KB.lastIndexOf('~') + 1);

describe('SD-JWT presentations in text (RFC 9901 §4)', () => {
  const contexts: Array<[string, string]> = [
    ['bare', ISSUED_SD_JWT],
    ['in a form field', `vp_token=${PRESENTATION_KB}&state=af0ifjsldkj`],
    ['in a JSON string', `{"credential": "${VC_PRESENTATION_KB}"}`],
    ['after a colon in a log line', `INFO presentation:${PRESENTATION_KB} verified`],
  ];
  for (const [name, text] of contexts) {
    it(`finds the whole presentation ${name} as one match, its Key Binding JWT not apart`, () => {
      const presentation = [ISSUED_SD_JWT, PRESENTATION_KB, VC_PRESENTATION_KB].find((candidate) => text.includes(candidate))!;
      const { tokens } = scanTokens(text);
      assert.equal(tokens.length, 1);
      assert.equal(tokens[0].text, presentation);
      assert.equal(tokens[0].start, text.indexOf(presentation));
      assert.equal(tokens[0].jwtLength, presentation.indexOf('~'));
    });
  }

  it('finds the same presentations when only the windows around candidates are scanned', () => {
    const text = `a ${ISSUED_SD_JWT} b\n{"vp": "${PRESENTATION_KB}"}\n`;
    const whole = scanTokens(text).tokens.map((token) => [token.start, token.end, token.jwtLength]);
    const windows = scanTokenWindows(text).tokens.map((token) => [token.start, token.end, token.jwtLength]);
    assert.deepEqual(windows, whole);
    assert.equal(whole.length, 2);
  });

  it('finds the presentation under a cursor on one of its disclosures or on its Key Binding JWT', () => {
    const text = `token: ${PRESENTATION_KB}`;
    for (const offset of [text.indexOf('~') + 5, text.length - 3]) {
      assert.equal(tokenAt(text, offset)?.text, PRESENTATION_KB);
    }
  });

  it('ends an SD-JWT without disclosures at its "~", and a JWT followed by other text at the JWT', () => {
    assert.deepEqual(
      scanTokens(`${issuerJwt}~ next`).tokens.map((token) => token.text),
      [`${issuerJwt}~`],
    );
    assert.deepEqual(
      scanTokens(`${issuerJwt} ~ next`).tokens.map((token) => token.text),
      [issuerJwt],
    );
  });

  it('leaves out a Key Binding JWT cut short: the presentation ends at its "~"', () => {
    const cut = `${issuerJwt}~${FAMILY_NAME_DISCLOSURE}~${keyBindingJwt.split('.').slice(0, 2).join('.')}`;
    assert.equal(scanTokens(cut).tokens[0].text, `${issuerJwt}~${FAMILY_NAME_DISCLOSURE}~`);
  });

  it('decodes a found presentation: the issuer-signed JWT as header and payload, each disclosure, the Key Binding JWT', () => {
    const decoded = decodeMatch(scanTokens(PRESENTATION_KB).tokens[0]);
    assert.equal(decoded.text, PRESENTATION_KB);
    assert.deepEqual(decoded.header, { alg: 'ES256', typ: 'example+sd-jwt' });
    assert.equal(decoded.payload?.iss, 'https://issuer.example.com');
    assert.equal(decoded.sdJwt?.jwt, issuerJwt);
    assert.deepEqual(
      decoded.sdJwt?.disclosures.map((disclosure) => disclosure.name ?? disclosure.value),
      ['family_name', 'address', 'given_name', 'US'],
    );
    assert.deepEqual(decoded.sdJwt?.keyBinding?.header, { alg: 'ES256', typ: 'kb+jwt' });
    assert.equal(decoded.sdJwt?.hashed, PRESENTATION_KB.slice(0, PRESENTATION_KB.lastIndexOf('~') + 1));
    assert.equal(decoded.error, undefined);
  });

  it('decodes the same presentation pasted as text (Decode Token, the API, the CLI)', () => {
    const pasted = decodeToken(`  ${PRESENTATION_KB}\n`);
    const found = decodeMatch(scanTokens(PRESENTATION_KB).tokens[0]);
    assert.deepEqual(pasted, found);
  });
});

describe('decodeDisclosure (RFC 9901 §4.2)', () => {
  it('reads salt, claim name and value of an object property disclosure (§4.2.1)', () => {
    assert.deepEqual(decodeDisclosure(FAMILY_NAME_DISCLOSURE), {
      text: FAMILY_NAME_DISCLOSURE,
      salt: '_26bc4LT-ac6q2KI6cBW5es',
      name: 'family_name',
      value: 'Möbius',
    });
  });

  it('reads salt and value of an array element disclosure (§4.2.2)', () => {
    const text = 'WyJsa2x4RjVqTVlsR1RQVW92TU5JdkNBIiwgIkZSIl0';
    assert.deepEqual(decodeDisclosure(text), { text, salt: 'lklxF5jMYlGTPUovMNIvCA', value: 'FR' });
  });

  const bad: Array<[string, string, string]> = [
    ['not base64url', 'WyJh*', 'Not base64url.'],
    ['not JSON', b64('["salt", "name"'), 'Not JSON.'],
    ['not an array of two or three', b64(['salt']), 'Not a JSON array of salt, name and value (or salt and value).'],
    ['a salt that is not a string', b64([1, 'name', 'v']), 'Its salt is not a string.'],
    ['a claim name that is not a string', b64(['s', 2, 'v']), 'Its claim name is not a string.'],
    ['the reserved name "_sd"', b64(['s', '_sd', []]), 'Its claim name is "_sd", which is reserved for digests.'],
    ['the reserved name "..."', b64(['s', '...', 'x']), 'Its claim name is "...", which is reserved for digests.'],
  ];
  for (const [name, text, error] of bad) {
    it(`says why a disclosure is not one: ${name}`, () => {
      assert.deepEqual(decodeDisclosure(text), { text, error });
    });
  }
});

describe('presentationParts', () => {
  it('tells an SD-JWT (ends with "~") from an SD-JWT+KB (ends with a KB-JWT), and what sd_hash covers', () => {
    assert.deepEqual(presentationParts('J.W.T~D1~D2~'), {
      jwt: 'J.W.T',
      disclosures: ['D1', 'D2'],
      hashed: 'J.W.T~D1~D2~',
      keyBinding: undefined,
      error: undefined,
    });
    assert.deepEqual(presentationParts('J.W.T~D1~K.B.J'), {
      jwt: 'J.W.T',
      disclosures: ['D1'],
      hashed: 'J.W.T~D1~',
      keyBinding: 'K.B.J',
      error: undefined,
    });
    assert.deepEqual(presentationParts('J.W.T~K.B.J'), {
      jwt: 'J.W.T',
      disclosures: [],
      hashed: 'J.W.T~',
      keyBinding: 'K.B.J',
      error: undefined,
    });
  });

  it('says when the last disclosure lacks its "~", or a part is empty', () => {
    assert.match(presentationParts('J.W.T~D1').error ?? '', /ends with a disclosure without its "~"/);
    assert.match(presentationParts('J.W.T~~D1~').error ?? '', /empty part/);
  });
});
