// Runs an action once a burst of triggers has gone quiet (typing, a key import adding several keys).
// Each key (a document URI, say) has its own pending run, so one document's edits never delay
// another's; the status bar, diagnostics and claims checks all debounce through this.
import type * as vscode from 'vscode';

export class Debouncer implements vscode.Disposable {
  private readonly pending = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(private readonly delayMs: number) {}

  /** Runs `action` after the delay, replacing the run pending under the same key. */
  schedule(action: () => void, key = ''): void {
    this.cancel(key);
    this.pending.set(
      key,
      setTimeout(() => {
        this.pending.delete(key);
        action();
      }, this.delayMs),
    );
  }

  /** Drops the run pending under the key (a closed document's, say). */
  cancel(key = ''): void {
    const timer = this.pending.get(key);
    if (timer === undefined) {
      return;
    }
    clearTimeout(timer);
    this.pending.delete(key);
  }

  isPending(key = ''): boolean {
    return this.pending.has(key);
  }

  dispose(): void {
    for (const timer of this.pending.values()) {
      clearTimeout(timer);
    }
    this.pending.clear();
  }
}
