// Options every git command the CLI runs starts with. A scanned repository is hostile input: its
// .git/config could name programs for git to start (core.fsmonitor) or filters to run on content
// (textconv, external diff), and a pre-commit hook runs the scan with the user's rights.
export const SAFE_GIT_OPTIONS: readonly string[] = ['-c', 'core.fsmonitor=false', '-c', 'core.quotepath=off'];
