// Options every git command the CLI runs starts with. A scanned repository is hostile input: its
// .git/config could name a program for git to start (core.fsmonitor), and a pre-commit hook runs the
// scan with the user's rights. Commands that show content add --no-textconv and --no-ext-diff too.
export const SAFE_GIT_OPTIONS: readonly string[] = ['-c', 'core.fsmonitor=false', '-c', 'core.quotepath=off'];
