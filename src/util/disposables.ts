// The one way a feature lets go of what it registered: every feature keeps its subscriptions in a
// list and disposes them here, so none forgets one and a throwing dispose does not skip the rest.
import type * as vscode from 'vscode';

/** Disposes each, in order; a failure is rethrown after all have been disposed. */
export function disposeAll(disposables: Iterable<vscode.Disposable>): void {
  const errors: unknown[] = [];
  for (const disposable of disposables) {
    try {
      disposable.dispose();
    } catch (error) {
      errors.push(error);
    }
  }
  if (errors.length === 1) {
    throw errors[0];
  }
  if (errors.length > 1) {
    throw new AggregateError(errors, 'Several disposables failed to dispose.');
  }
}
