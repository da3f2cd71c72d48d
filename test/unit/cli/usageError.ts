import * as assert from 'node:assert/strict';
import { CliError } from '../../../src/cli/cliError';

/** The message of the usage error (exit code 2) that `run` throws; fails if it throws none. */
export function usageError(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof CliError, `expected a CliError, got ${String(error)}`);
    assert.equal(error.exitCode, 2);
    return error.message;
  }
  assert.fail('expected a usage error');
}
