// The Keys tree view (titled "JWT Lens: Keys"): each stored key with its label, kid, algorithm and
// whether it is private or public-only; a key whose secret is gone shows as unavailable with a
// restore action.
import * as vscode from 'vscode';
import { decryptAlgorithms } from '../core/decrypt';
import { describeKey } from '../core/keys';
import { escapeMarkdown, inlineCode } from '../core/hoverMarkdown';
import type { KeyStore, StoredKey } from '../services/keyStore';
import { disposeAll } from '../shared/disposables';

export const KEYS_VIEW_ID = 'jwtLens.keys';

export class KeysTreeProvider implements vscode.TreeDataProvider<StoredKey>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly subscriptions: vscode.Disposable[];
  private availabilityChecked = false;
  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly store: KeyStore) {
    this.subscriptions = [this.changed, store.onDidChange(() => this.changed.fire())];
  }

  getChildren(element?: StoredKey): StoredKey[] {
    if (element) {
      return [];
    }
    if (!this.availabilityChecked) {
      // Once, when the view first shows: find keys whose secret went missing (another machine,
      // a wiped keychain) so they show as unavailable rather than failing later.
      this.availabilityChecked = true;
      void this.store.checkAvailability();
    }
    return this.store.list().sort((a, b) => a.label.localeCompare(b.label));
  }

  getTreeItem(key: StoredKey): vscode.TreeItem {
    const missing = this.store.isMissing(key.id);
    const item = new vscode.TreeItem(key.label, vscode.TreeItemCollapsibleState.None);
    item.id = key.id;
    const algorithms = key.isPrivate ? key.algorithms.sign : key.algorithms.verify;
    const decrypts = decryptAlgorithms(key);
    // The default sidebar width cuts the end: the key type first, and no kid the label already
    // shows (keys added by kid, Mux keys); the tooltip has everything.
    item.description = [
      describeKey(key),
      missing ? 'unavailable' : undefined,
      !missing && decrypts.length > 0 ? 'can decrypt' : undefined,
      key.kid && !key.label.includes(key.kid) ? `kid ${key.kid}` : undefined,
    ]
      .filter(Boolean)
      .join(' · ');
    item.iconPath = new vscode.ThemeIcon(
      missing ? 'warning' : key.isPrivate ? 'key' : 'unlock',
      missing ? new vscode.ThemeColor('list.warningForeground') : undefined,
    );
    item.contextValue = missing ? 'jwtKey.missing' : key.isPrivate ? (key.publicJwk ? 'jwtKey.private' : 'jwtKey.secret') : 'jwtKey.public';
    const tooltip = new vscode.MarkdownString(undefined, true);
    tooltip.appendMarkdown(
      `**${escapeMarkdown(key.label)}**${missing ? " — $(warning) its secret is missing from this machine's secret storage; use Restore Key" : ''}\n\n`,
    );
    tooltip.appendMarkdown(
      [
        `- kid: ${inlineCode(key.kid ?? '(none)')}`,
        `- ${describeKey(key)}, ${key.isPrivate ? 'private (signs and verifies)' : 'public only (verifies)'}`,
        `- ${key.isPrivate ? 'signs' : 'verifies'}: ${algorithms.join(', ') || 'nothing (HMAC secret too short to sign)'}`,
        decrypts.length > 0 ? `- decrypts JWE: ${decrypts.join(', ')}` : undefined,
        key.thumbprint ? `- thumbprint: \`${key.thumbprint}\`` : undefined,
        `- ${key.provider === 'other' ? '' : `${key.provider === 'mux' ? 'Mux' : 'FastPix'} key, `}${key.source}, ${key.created.slice(0, 10)}`,
      ]
        .filter(Boolean)
        .join('\n'),
    );
    item.tooltip = tooltip;
    return item;
  }

  dispose(): void {
    disposeAll(this.subscriptions);
  }
}
