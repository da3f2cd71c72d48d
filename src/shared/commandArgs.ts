// Telling automation arguments apart from what VS Code itself passes when a command runs from a
// menu: a resource Uri (editor/title, editor/context, explorer/context, with the selection list
// after it), the focused tree element and the selected ones (view/title since VS Code 1.71, and
// view/item/context), or an editor group context ({ groupId }). Only a plain object that is none
// of these is an argument object from a keybinding, a link, a test or another extension.
import * as vscode from 'vscode';
import type { StoredKey } from '../services/keyStore';
import { isAccountViewNode } from './keysViewNodes';

/** A Keys view element: the stored key's metadata, as the tree hands it back. */
export function isKeysViewElement(value: unknown): value is StoredKey {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as StoredKey).id === 'string' &&
    typeof (value as StoredKey).algorithms === 'object' &&
    typeof (value as StoredKey).created === 'string'
  );
}

/** The argument object when `value` is one passed by automation; undefined for anything VS Code passes. */
export function automationArgs<T extends object>(value: unknown): T | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return undefined;
  }
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) {
    return undefined;
  }
  if (value instanceof vscode.Uri || isKeysViewElement(value) || isAccountViewNode(value) || 'groupId' in value) {
    return undefined;
  }
  return value as T;
}

/** A string argument, or undefined when VS Code passed something else in its place (a selection list). */
export function stringArg(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
