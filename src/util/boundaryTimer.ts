// One timer to the next moment a shown status changes wording ("expires in 14 min" → "13 min",
// valid → expired). No polling: when nothing will change, no timer is pending.
import type * as vscode from 'vscode';

export class BoundaryTimer implements vscode.Disposable {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private dueAt = Infinity;

  constructor(private readonly onBoundary: () => void) {}

  /** Schedules a wake-up in `seconds` unless one is due sooner; undefined cancels nothing. */
  schedule(seconds: number | undefined): void {
    if (seconds === undefined || !Number.isFinite(seconds)) {
      return;
    }
    // At least 1 s, and a little past the boundary so the new wording is already due.
    const delayMs = Math.max(1000, Math.ceil(seconds * 1000) + 50);
    const dueAt = Date.now() + delayMs;
    if (this.timer && dueAt >= this.dueAt) {
      return;
    }
    this.cancel();
    this.dueAt = dueAt;
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        this.dueAt = Infinity;
        this.onBoundary();
      },
      Math.min(delayMs, 2 ** 31 - 1),
    );
  }

  cancel(): void {
    if (this.timer) {
      clearTimeout(this.timer);
    }
    this.timer = undefined;
    this.dueAt = Infinity;
  }

  get pending(): boolean {
    return this.timer !== undefined;
  }

  dispose(): void {
    this.cancel();
  }
}
