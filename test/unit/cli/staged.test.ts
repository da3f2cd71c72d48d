// src/cli/staged.ts: --staged reads only the added lines of the staged diff, with their line numbers.
import * as assert from 'node:assert/strict';
import { parseAddedLines } from '../../../src/cli/staged';

describe('CLI --staged diff reading', () => {
  it('keeps only added lines, with their numbers in the staged file', () => {
    const diff = [
      'diff --git a/src/a.ts b/src/a.ts',
      'index 1..2 100644',
      '--- a/src/a.ts',
      '+++ b/src/a.ts',
      '@@ -3,0 +4,2 @@ context',
      '+const t = "eyJ";',
      '+second',
      '@@ -10 +12 @@',
      '-old',
      '+new',
      'diff --git a/gone.txt b/gone.txt',
      '--- a/gone.txt',
      '+++ /dev/null',
      'diff --git "a/caf\\303\\251 x.txt" "b/caf\\303\\251 x.txt"',
      'new file mode 100644',
      '--- /dev/null',
      '+++ "b/caf\\303\\251 x.txt"',
      '@@ -0,0 +1 @@',
      '+++plus',
    ].join('\n');
    assert.deepEqual(parseAddedLines(diff), [
      {
        display: 'src/a.ts',
        lines: [
          { number: 4, text: 'const t = "eyJ";' },
          { number: 5, text: 'second', above: 'const t = "eyJ";' },
          { number: 12, text: 'new' },
        ],
      },
      { display: 'café x.txt', lines: [{ number: 1, text: '++plus' }] },
    ]);
  });
});
