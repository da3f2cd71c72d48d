// The Get Started steps complete on what the user did, not on a button pressed (a button can fail or
// be cancelled): each milestone is a context key the walkthrough's completion events wait for
// (package.json: "onContext:<key>"), set once the thing has happened.
import * as vscode from 'vscode';

export const MILESTONES = {
  keyAdded: 'jwtLens.walkthrough.keyAdded',
  signed: 'jwtLens.walkthrough.signed',
  decoded: 'jwtLens.walkthrough.decoded',
  listed: 'jwtLens.walkthrough.listed',
} as const;

export type Milestone = keyof typeof MILESTONES;

export class Milestones {
  private readonly reached = new Set<Milestone>();

  reach(milestone: Milestone): void {
    if (this.reached.has(milestone)) {
      return;
    }
    this.reached.add(milestone);
    void vscode.commands.executeCommand('setContext', MILESTONES[milestone], true);
  }

  has(milestone: Milestone): boolean {
    return this.reached.has(milestone);
  }

  /** Forgets every milestone (tests start each step from nothing). */
  reset(): void {
    for (const milestone of this.reached) {
      void vscode.commands.executeCommand('setContext', MILESTONES[milestone], false);
    }
    this.reached.clear();
  }
}
