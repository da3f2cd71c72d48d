// Added lines from git's unified diffs (`git diff --cached`, `git log -p`), read line by line so a
// history of any length streams through. Hunks are read by their line counts, so an added line that
// starts with "++ " or "-- " is never mistaken for a file header. With one line of context (-U1),
// each added line also gets the line above it in the new file, where an allow comment may stand.

export interface AddedLine {
  /** One-based, in the new version of the file. */
  readonly number: number;
  readonly text: string;
  /** The line above in the new file, when the diff shows it. */
  readonly above?: string;
}

export interface AddedLines {
  readonly display: string;
  readonly lines: AddedLine[];
}

/** Unquotes a path git wrote in C style ("a\tb" with its octal escapes for UTF-8 bytes). */
export function unquotePath(path: string): string {
  if (!path.startsWith('"')) {
    return path;
  }
  const bytes: number[] = [];
  const body = path.slice(1, -1);
  const simple: Record<string, number> = { n: 10, t: 9, '"': 34, '\\': 92, a: 7, b: 8, f: 12, r: 13, v: 11 };
  for (let i = 0; i < body.length; i++) {
    if (body[i] === '\\' && /^[0-7]{3}$/.test(body.slice(i + 1, i + 4))) {
      bytes.push(parseInt(body.slice(i + 1, i + 4), 8));
      i += 3;
    } else if (body[i] === '\\' && simple[body[i + 1]] !== undefined) {
      bytes.push(simple[body[i + 1]]);
      i++;
    } else {
      bytes.push(...new TextEncoder().encode(body[i]));
    }
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}

/**
 * Reads a diff one line at a time. `onFile` gets each file's added lines when the file ends (the
 * next file header, a line `isBoundary` claims, or `end()`); a file with none is not passed on.
 * A line outside any hunk that `isBoundary` accepts is the caller's (a commit header in `git log`).
 */
export class DiffReader {
  private file: AddedLines | undefined;
  private oldLeft = 0;
  private newLeft = 0;
  private next = 0;
  private above: string | undefined;

  constructor(
    private readonly onFile: (file: AddedLines) => void,
    private readonly isBoundary: (line: string) => boolean = () => false,
  ) {}

  push(line: string): void {
    if (this.oldLeft > 0 || this.newLeft > 0) {
      this.hunkLine(line);
      return;
    }
    if (this.isBoundary(line)) {
      this.flush();
    } else if (line.startsWith('diff --git ')) {
      this.flush();
    } else if (line.startsWith('+++ ')) {
      const target = line.slice(4);
      this.file = target === '/dev/null' ? undefined : { display: unquotePath(target).replace(/^b\//, ''), lines: [] };
    } else if (line.startsWith('@@ ')) {
      const match = /^@@ -\d+(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/.exec(line);
      if (match) {
        this.oldLeft = match[1] === undefined ? 1 : Number(match[1]);
        this.next = Number(match[2]);
        this.newLeft = match[3] === undefined ? 1 : Number(match[3]);
        this.above = undefined;
      }
    }
  }

  private hunkLine(line: string): void {
    const kind = line[0];
    const text = line.slice(1);
    if (kind === '+') {
      this.file?.lines.push(this.above === undefined ? { number: this.next, text } : { number: this.next, text, above: this.above });
      this.newLeft--;
    } else if (kind === ' ' || line === '') {
      // An empty line is an empty context line where a tool trimmed the trailing space.
      this.oldLeft--;
      this.newLeft--;
    } else if (kind === '-') {
      this.oldLeft--;
      return;
    } else {
      // "\ No newline at end of file".
      return;
    }
    this.above = text;
    this.next++;
  }

  /** Passes on the file being read, if it has added lines. */
  flush(): void {
    if (this.file && this.file.lines.length > 0) {
      this.onFile(this.file);
    }
    this.file = undefined;
    this.oldLeft = 0;
    this.newLeft = 0;
  }
}

/** The added lines of each file in a unified diff. */
export function parseAddedLines(diff: string): AddedLines[] {
  const files: AddedLines[] = [];
  const reader = new DiffReader((file) => files.push(file));
  for (const line of diff.split('\n')) {
    reader.push(line);
  }
  reader.flush();
  return files;
}
