// The clock every verdict reads. One place to replace it (tests move time) and one event when it
// is replaced, so features re-read their verdicts.
import * as vscode from 'vscode';
import { systemClock, type Clock } from '../core/token/time';

export class ClockService implements vscode.Disposable {
  private clock: Clock = systemClock;
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when the clock is replaced (not as time passes: boundary timers handle that). */
  readonly onDidChange = this.changed.event;

  now(): number {
    return this.clock.nowSeconds();
  }

  set(clock: Clock): void {
    this.clock = clock;
    this.changed.fire();
  }

  dispose(): void {
    this.changed.dispose();
  }
}
