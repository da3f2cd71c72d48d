// The Keys tree view (titled "JWT Lens: Keys"): each stored key with its label, kid, algorithm and
// whether it is private or public-only; a key whose secret is gone shows as unavailable with a
// restore action. Below them the trusted issuers, each with the keys last fetched from it and
// inline Refresh and Remove actions.
import * as vscode from 'vscode';
import { describeKey } from '../core/keys';
import { escapeMarkdown, inlineCode } from '../core/hoverMarkdown';
import { fetchedAgo, hostOf } from '../core/jwks';
import type { KeyStore, StoredKey } from '../services/keyStore';
import type { IssuerSummary, TrustedIssuers } from '../services/trustedIssuers';
import { disposeAll } from '../shared/disposables';

export const KEYS_VIEW_ID = 'jwtLens.keys';

/** A trusted issuer in the Keys view; VS Code hands it back to the inline Refresh and Remove actions. */
export class TrustedIssuerItem {
  constructor(readonly issuerId: string) {}
}

/** One key of a trusted issuer, as last fetched. */
export class IssuerKeyItem {
  constructor(
    readonly issuerId: string,
    readonly key: IssuerSummary['keys'][number],
    readonly index: number,
  ) {}
}

export type KeysViewNode = StoredKey | TrustedIssuerItem | IssuerKeyItem;

export class KeysTreeProvider implements vscode.TreeDataProvider<KeysViewNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly subscriptions: vscode.Disposable[];
  private availabilityChecked = false;
  readonly onDidChangeTreeData = this.changed.event;

  constructor(
    private readonly store: KeyStore,
    private readonly issuers: TrustedIssuers,
    private readonly now: () => number,
  ) {
    this.subscriptions = [this.changed, store.onDidChange(() => this.changed.fire()), issuers.onDidChange(() => this.changed.fire())];
  }

  /** The stored keys (sorted by label), then the trusted issuers; an issuer's children are its keys. */
  getChildren(element?: KeysViewNode): KeysViewNode[] {
    if (element instanceof TrustedIssuerItem) {
      const entry = this.issuers.find(element.issuerId);
      return entry ? this.issuers.summary(entry).keys.map((key, index) => new IssuerKeyItem(element.issuerId, key, index)) : [];
    }
    if (element) {
      return [];
    }
    return [...this.storedKeys(), ...this.issuers.list().map((entry) => new TrustedIssuerItem(entry.id))];
  }

  /** The stored keys, sorted by label. */
  storedKeys(): StoredKey[] {
    if (!this.availabilityChecked) {
      // Once, when the view first shows: find keys whose secret went missing (another machine,
      // a wiped keychain) so they show as unavailable rather than failing later.
      this.availabilityChecked = true;
      void this.store.checkAvailability();
    }
    return this.store.list().sort((a, b) => a.label.localeCompare(b.label));
  }

  getTreeItem(node: KeysViewNode): vscode.TreeItem {
    if (node instanceof TrustedIssuerItem) {
      return this.issuerItem(node);
    }
    if (node instanceof IssuerKeyItem) {
      const item = new vscode.TreeItem(
        node.key.kid !== undefined ? `kid ${node.key.kid}` : '(no kid)',
        vscode.TreeItemCollapsibleState.None,
      );
      item.id = `${node.issuerId}#${node.index}`;
      item.description = [node.key.type, node.key.alg].filter(Boolean).join(' · ');
      item.iconPath = new vscode.ThemeIcon('unlock');
      item.contextValue = 'jwtIssuerKey';
      return item;
    }
    return this.keyItem(node);
  }

  private issuerItem(node: TrustedIssuerItem): vscode.TreeItem {
    const entry = this.issuers.find(node.issuerId);
    const summary = entry && this.issuers.summary(entry);
    const item = new vscode.TreeItem(hostOf(node.issuerId), vscode.TreeItemCollapsibleState.Collapsed);
    item.id = `issuer:${node.issuerId}`;
    const fetched = summary?.fetchedAt !== undefined ? `fetched ${fetchedAgo(summary.fetchedAt, this.now())}` : 'not fetched yet';
    item.description = [
      `${summary?.keys.length ?? 0} ${summary?.keys.length === 1 ? 'key' : 'keys'}`,
      summary?.failure ? 'refresh failed' : fetched,
    ].join(' · ');
    item.iconPath = new vscode.ThemeIcon(summary?.failure ? 'warning' : 'globe');
    item.contextValue = 'jwtIssuer';
    const tooltip = new vscode.MarkdownString(undefined, true);
    tooltip.appendMarkdown(`**Trusted issuer** ${inlineCode(node.issuerId)}\n\n`);
    tooltip.appendMarkdown(
      [
        summary?.issuer ? `- tokens must have iss ${inlineCode(summary.issuer)}` : undefined,
        summary?.audience ? `- and aud ${inlineCode(summary.audience)}` : undefined,
        summary?.jwksUri ? `- keys from ${inlineCode(summary.jwksUri)}` : undefined,
        `- ${fetched}`,
        summary?.failure ? `- $(warning) last refresh failed: ${escapeMarkdown(summary.failure)}` : undefined,
      ]
        .filter(Boolean)
        .join('\n'),
    );
    item.tooltip = tooltip;
    return item;
  }

  private keyItem(key: StoredKey): vscode.TreeItem {
    const missing = this.store.isMissing(key.id);
    const item = new vscode.TreeItem(key.label, vscode.TreeItemCollapsibleState.None);
    item.id = key.id;
    const algorithms = key.isPrivate ? key.algorithms.sign : key.algorithms.verify;
    // The default sidebar width cuts the end: the key type first, and no kid the label already
    // shows (keys added by kid, Mux keys); the tooltip has everything.
    item.description = [
      describeKey(key),
      missing ? 'unavailable' : undefined,
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
