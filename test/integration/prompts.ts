// Answers the prompts a command shows, as a person would, and records what was asked. Only the
// prompt functions are replaced: the command still runs for real, and its outcome (keys, edits,
// clipboard) is read from VS Code. An input box runs its own validateInput on each answer, as VS
// Code does: an answer it refuses leaves the box open with the text in it, and the next answer is
// typed into that same box.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { run } from './helpers';

/** A label to choose, text to type, or undefined to press Escape. */
export type Answer = string | undefined;

export interface Asked {
  readonly kind: 'quickPick' | 'inputBox';
  readonly title?: string;
  readonly placeHolder?: string;
  readonly prompt?: string;
  /** The input box's pre-filled text. */
  readonly value?: string;
  readonly password?: boolean;
  /** The quick pick's item labels, in order. */
  readonly items?: string[];
  /** What validateInput said to refused answers. */
  readonly refused: string[];
}

export interface Shown {
  readonly level: 'information' | 'warning' | 'error';
  readonly message: string;
  readonly buttons: string[];
  readonly modal: boolean;
}

type Window = typeof vscode.window;
type Patched = Pick<Window, 'showQuickPick' | 'showInputBox' | 'showInformationMessage' | 'showWarningMessage' | 'showErrorMessage'>;

export class Prompts implements vscode.Disposable {
  readonly asked: Asked[] = [];
  readonly shown: Shown[] = [];
  private readonly original: Patched;
  private readonly answers: Answer[];
  /** Buttons to press on messages, by a text the message contains. */
  private readonly presses = new Map<string, string>();

  constructor(...answers: Answer[]) {
    this.answers = [...answers];
    const window = vscode.window as unknown as Record<string, unknown>;
    this.original = {
      showQuickPick: vscode.window.showQuickPick,
      showInputBox: vscode.window.showInputBox,
      showInformationMessage: vscode.window.showInformationMessage,
      showWarningMessage: vscode.window.showWarningMessage,
      showErrorMessage: vscode.window.showErrorMessage,
    };
    window.showQuickPick = (items: unknown, options?: vscode.QuickPickOptions) => this.quickPick(items, options);
    window.showInputBox = (options?: vscode.InputBoxOptions) => this.inputBox(options);
    window.showInformationMessage = (message: string, ...rest: unknown[]) => this.message('information', message, rest);
    window.showWarningMessage = (message: string, ...rest: unknown[]) => this.message('warning', message, rest);
    window.showErrorMessage = (message: string, ...rest: unknown[]) => this.message('error', message, rest);
  }

  /** Presses `button` on the next message containing `text`. */
  press(text: string, button: string): this {
    this.presses.set(text, button);
    return this;
  }

  /** Answers not used yet (a test asserts none is left: every expected prompt was shown). */
  get unanswered(): number {
    return this.answers.length;
  }

  messages(level?: Shown['level']): string[] {
    return this.shown.filter((shown) => level === undefined || shown.level === level).map((shown) => shown.message);
  }

  private next(what: string): Answer {
    if (this.answers.length === 0) {
      throw new Error(`Unexpected prompt: ${what}`);
    }
    return this.answers.shift();
  }

  private async quickPick(items: unknown, options: vscode.QuickPickOptions = {}): Promise<unknown> {
    const list = (await Promise.resolve(items)) as Array<string | vscode.QuickPickItem>;
    const labels = list.map((item) => (typeof item === 'string' ? item : item.label));
    this.asked.push({ kind: 'quickPick', title: options.title, placeHolder: options.placeHolder, items: labels, refused: [] });
    const answer = this.next(`quick pick "${options.title}"`);
    if (answer === undefined) {
      return undefined;
    }
    // A label is matched without its leading icon: "$(edit) Paste" answers to "Paste".
    const index = labels.findIndex((label) => label === answer || label.replace(/^\$\([\w-]+\)\s*/, '') === answer);
    if (index < 0) {
      throw new Error(`"${answer}" is not offered by "${options.title}": ${labels.join(', ')}`);
    }
    return list[index];
  }

  private async inputBox(options: vscode.InputBoxOptions = {}): Promise<string | undefined> {
    const asked: Asked = {
      kind: 'inputBox',
      title: options.title,
      prompt: options.prompt,
      value: options.value,
      password: options.password,
      refused: [],
    };
    this.asked.push(asked);
    for (;;) {
      const answer = this.next(`input box "${options.title}"`);
      if (answer === undefined) {
        return undefined;
      }
      const verdict = await options.validateInput?.(answer);
      const refusal =
        typeof verdict === 'string'
          ? verdict
          : verdict && verdict.severity === vscode.InputBoxValidationSeverity.Error
            ? verdict.message
            : undefined;
      if (!refusal) {
        return answer;
      }
      asked.refused.push(refusal);
    }
  }

  private message(level: Shown['level'], message: string, rest: unknown[]): Thenable<unknown> {
    const options =
      typeof rest[0] === 'object' && rest[0] !== null && !('title' in rest[0]) ? (rest.shift() as vscode.MessageOptions) : undefined;
    const buttons = rest.map((item) => (typeof item === 'string' ? item : (item as vscode.MessageItem).title));
    this.shown.push({ level, message, buttons, modal: options?.modal === true });
    const press = [...this.presses].find(([text]) => message.includes(text));
    if (!press) {
      return Promise.resolve(undefined);
    }
    this.presses.delete(press[0]);
    const index = buttons.indexOf(press[1]);
    if (index < 0) {
      throw new Error(`No button "${press[1]}" on "${message}": ${buttons.join(', ')}`);
    }
    return Promise.resolve(rest[index]);
  }

  dispose(): void {
    Object.assign(vscode.window as unknown as Record<string, unknown>, this.original);
  }
}

/**
 * Runs `action` with every prompt answered by Escape and returns the error messages it showed: the
 * one way a test records them (a prompt the action did not expect to show fails it).
 */
export async function errorsShownBy<T>(action: () => Thenable<T>): Promise<{ value: T; errors: string[] }> {
  const prompts = new Prompts();
  try {
    return { value: await action(), errors: prompts.messages('error') };
  } finally {
    prompts.dispose();
  }
}

/** Runs a command with prompts answered in order; fails if an answer was not asked for. */
export async function answering<T>(
  answers: Answer[],
  command: string,
  ...args: unknown[]
): Promise<{ result: T | undefined; prompts: Prompts }> {
  const prompts = new Prompts(...answers);
  try {
    const result = await run<T>(command, ...args);
    assert.equal(
      prompts.unanswered,
      0,
      `prompts not shown: ${prompts.unanswered}; asked ${JSON.stringify(prompts.asked.map((asked) => asked.title))}`,
    );
    return { result, prompts };
  } finally {
    prompts.dispose();
  }
}

/** The titles of the prompts shown, in order. */
export function titles(prompts: Prompts): Array<string | undefined> {
  return prompts.asked.map((asked) => asked.title);
}
