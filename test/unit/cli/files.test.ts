// src/cli/files.ts: the files a scan reads, listed as git would (each .gitignore, never .git).
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listFiles } from '../../../src/cli/files';
import { usageError } from './usageError';

describe('CLI file listing', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'jwt-lens-files-'));
    mkdirSync(join(dir, '.git'));
    mkdirSync(join(dir, 'src', 'build'), { recursive: true });
    mkdirSync(join(dir, 'node_modules', 'pkg'), { recursive: true });
    writeFileSync(join(dir, '.gitignore'), 'node_modules/\n*.log\n');
    writeFileSync(join(dir, 'src', '.gitignore'), 'build/\n!keep.log\n');
    for (const file of ['a.ts', 'src/b.ts', 'src/build/out.js', 'src/keep.log', 'debug.log', 'node_modules/pkg/index.js', '.git/config']) {
      writeFileSync(join(dir, file), 'x');
    }
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('lists files as git would: each .gitignore from the root down, never .git', () => {
    assert.deepEqual(
      listFiles([], dir).targets.map((target) => target.display),
      ['.gitignore', 'a.ts', 'src/.gitignore', 'src/b.ts', 'src/keep.log'],
    );
  });

  it('honours the root .gitignore when scanning a subfolder, and scans a file named directly', () => {
    writeFileSync(join(dir, 'src', 'trace.log'), 'x');
    assert.deepEqual(
      listFiles(['src'], dir).targets.map((target) => target.display),
      ['src/.gitignore', 'src/b.ts', 'src/keep.log'],
    );
    assert.deepEqual(
      listFiles(['debug.log'], dir).targets.map((target) => target.display),
      ['debug.log'],
    );
  });

  it('says which path is missing', () => {
    assert.match(
      usageError(() => listFiles(['nope'], dir)),
      /Cannot read path nope: no such file\./,
    );
  });
});
