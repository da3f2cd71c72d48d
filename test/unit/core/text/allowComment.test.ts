// src/core/text/allowComment.ts: `jwt-lens: allow <reason>` in any comment syntax, on the token's
// line or alone on the line above; the reason shown never carries a token or a key.
import * as assert from 'node:assert/strict';
import { allowReason } from '../../../../src/core/text/allowComment';

const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhIn0.c2ln';

describe('allowReason', () => {
  it('reads an allow comment after the token in every comment syntax', () => {
    const lines = [
      `const t = "${TOKEN}"; // jwt-lens: allow test fixture`,
      `TOKEN=${TOKEN}  # jwt-lens: allow test fixture`,
      `const t = "${TOKEN}"; /* jwt-lens: allow test fixture */`,
      `<meta content="${TOKEN}"> <!-- jwt-lens: allow test fixture -->`,
      `SELECT '${TOKEN}'; -- jwt-lens: allow test fixture`,
      `token = ${TOKEN} ; jwt-lens: allow test fixture`,
      `\\def\\t{${TOKEN}} % JWT-Lens: Allow test fixture`,
    ];
    for (const line of lines) {
      assert.equal(allowReason(line), 'test fixture', line);
    }
  });

  it('reads a comment-only line above the token, and not a code line above it', () => {
    assert.equal(allowReason(`  "${TOKEN}",`, '  // jwt-lens: allow documented example'), 'documented example');
    assert.equal(allowReason(TOKEN, '<!-- jwt-lens: allow docs -->'), 'docs');
    assert.equal(allowReason(TOKEN, ' * jwt-lens: allow in a block comment'), 'in a block comment');
    assert.equal(allowReason(TOKEN, 'const other = 1; // jwt-lens: allow the line above'), undefined);
    assert.equal(allowReason(TOKEN, 'x = 1'), undefined);
  });

  it('needs a comment: the words in a string or a plain line do not allow', () => {
    assert.equal(allowReason(`const why = "jwt-lens: allow"; const t = "${TOKEN}";`), undefined);
    assert.equal(allowReason(`jwt-lens: allow ${TOKEN}`), undefined);
    assert.equal(allowReason(`${TOKEN} // jwt-lens: allowed`), undefined);
  });

  it('gives an empty reason when none is written, and blanks anything token- or key-like in it', () => {
    assert.equal(allowReason(`${TOKEN} # jwt-lens: allow`), '');
    assert.equal(allowReason(`${TOKEN} # jwt-lens: allow copy of ${TOKEN} for tests`), 'copy of … for tests');
    assert.equal(allowReason(`${TOKEN} # jwt-lens: allow secret c2VjcmV0LXNlY3JldC1zZWNyZXQ=`), 'secret …');
    assert.equal(allowReason(`${TOKEN} # jwt-lens: allow ${'long reason '.repeat(30)}`)!.length <= 121, true);
  });
});
