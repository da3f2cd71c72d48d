// The Keys tree view (titled "JWT Lens: Keys"), in three groups. Signing keys: each stored key with
// its label, kid, algorithm and whether it is private or public-only; a key whose secret is gone
// shows as unavailable with a restore action. Accounts: each connected Mux or FastPix account, whose
// children are its remote signing keys (listed when the account is expanded), each marked whether
// its private key is stored here; a provider's stored keys show there, not among the signing keys.
// Trusted issuers: each with the keys last fetched from it and inline Refresh and Remove.
import * as vscode from 'vscode';
import { PROVIDER_NAMES } from '../core/providers/providerApi';
import { JwtLensError } from '../util/errors';
import { decryptAlgorithms } from '../core/judge/decrypt';
import { describeKey } from '../core/keys/describeKey';
import { escapeMarkdown, inlineCode } from '../core/render/hoverMarkdown';
import { fetchedAgo, hostOf } from '../core/judge/jwks';
import { localTime } from '../core/token/time';
import type { AccountService } from '../services/accountService';
import type { KeyStore, StoredKey } from '../services/keyStore';
import type { IssuerSummary, TrustedIssuers } from '../services/trustedIssuers';
import { disposeAll } from '../util/disposables';
import type { AccountNode, AccountViewNode, MessageNode, RemoteKeyNode } from '../shared/keysViewNodes';

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

export type KeysGroupName = 'keys' | 'accounts' | 'issuers';

/** One of the view's top-level groups: Signing keys, Accounts, Trusted issuers. */
export class KeysGroupItem {
  constructor(readonly group: KeysGroupName) {}
}

const GROUP_TITLES: Record<KeysGroupName, string> = { keys: 'Signing keys', accounts: 'Accounts', issuers: 'Trusted issuers' };

export type KeysViewNode = KeysGroupItem | StoredKey | AccountViewNode | TrustedIssuerItem | IssuerKeyItem;

export class KeysTreeProvider implements vscode.TreeDataProvider<KeysViewNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly subscriptions: vscode.Disposable[];
  private availabilityChecked = false;
  /** Each expanded account's listing, until the account or the stored keys change. */
  private readonly listings = new Map<string, Promise<Array<RemoteKeyNode | MessageNode>>>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(
    private readonly store: KeyStore,
    private readonly issuers: TrustedIssuers,
    private readonly accounts: AccountService,
    private readonly now: () => number,
  ) {
    this.subscriptions = [
      this.changed,
      store.onDidChange(() => this.refresh()),
      accounts.onDidChange(() => this.refresh()),
      issuers.onDidChange(() => this.changed.fire()),
    ];
  }

  /** Lists every account's remote keys again when next shown. */
  refresh(): void {
    this.listings.clear();
    this.changed.fire();
  }

  /**
   * Three groups, each shown when it has something: Signing keys (sorted by label), Accounts (each
   * with its remote keys, and the stored keys of its provider, so a Mux key shows once, under its
   * account) and Trusted issuers (each with its keys).
   */
  getChildren(): KeysViewNode[];
  getChildren(element?: KeysViewNode): KeysViewNode[] | Promise<KeysViewNode[]>;
  getChildren(element?: KeysViewNode): KeysViewNode[] | Promise<KeysViewNode[]> {
    if (element instanceof KeysGroupItem) {
      return this.groupChildren(element.group);
    }
    if (element instanceof TrustedIssuerItem) {
      const entry = this.issuers.find(element.issuerId);
      return entry ? this.issuers.summary(entry).keys.map((key, index) => new IssuerKeyItem(element.issuerId, key, index)) : [];
    }
    if (element) {
      return 'viewNode' in element && element.viewNode === 'account' ? this.accountChildren(element) : [];
    }
    return (['keys', 'accounts', 'issuers'] as const)
      .filter((group) => this.groupChildren(group).length > 0)
      .map((group) => new KeysGroupItem(group));
  }

  /** A group's rows, as the view shows them under it. */
  groupChildren(group: KeysGroupName): KeysViewNode[] {
    switch (group) {
      case 'keys': {
        const underAccounts = new Set(this.accounts.list().map((account) => account.provider));
        return this.storedKeys().filter((key) => key.provider === 'other' || !underAccounts.has(key.provider));
      }
      case 'accounts':
        return this.accounts.list().map((account): AccountNode => ({
          viewNode: 'account',
          id: account.id,
          label: account.label,
          provider: account.provider,
        }));
      case 'issuers':
        return this.issuers.list().map((entry) => new TrustedIssuerItem(entry.id));
    }
  }

  /**
   * An account's remote keys; under the first account of its provider, too, that provider's stored
   * keys no listing names (added by hand, or removed at the provider), so none drops out of the view.
   */
  private async accountChildren(node: AccountNode): Promise<KeysViewNode[]> {
    const remote = await this.remoteKeys(node);
    const first = this.accounts.list().find((account) => account.provider === node.provider);
    if (first?.id !== node.id) {
      return remote;
    }
    const listed = new Set<string>();
    for (const account of this.accounts.list().filter((candidate) => candidate.provider === node.provider)) {
      const rows = account.id === node.id ? remote : await this.remoteKeys({ ...node, id: account.id, label: account.label });
      for (const row of rows) {
        if (row.viewNode === 'remoteKey' && row.storedKeyId) {
          listed.add(row.storedKeyId);
        }
      }
    }
    const unlisted = this.storedKeys().filter((key) => key.provider === node.provider && !listed.has(key.id));
    return [...remote.filter((row) => !(row.viewNode === 'message' && row.id.endsWith('/none') && unlisted.length)), ...unlisted];
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

  /** The account's remote keys, each marked stored here or not; a failure is one message row. */
  remoteKeys(node: AccountNode): Promise<Array<RemoteKeyNode | MessageNode>> {
    let listing = this.listings.get(node.id);
    if (!listing) {
      listing = this.listRemoteKeys(node);
      this.listings.set(node.id, listing);
    }
    return listing;
  }

  private async listRemoteKeys(node: AccountNode): Promise<Array<RemoteKeyNode | MessageNode>> {
    try {
      const keys = await this.accounts.listKeys(node.id);
      // A key whose secret is missing stays a row of its own, with its warning and Restore Key.
      const stored = this.store.list().filter((key) => key.provider === node.provider && key.isPrivate && !this.store.isMissing(key.id));
      if (keys.length === 0) {
        return [{ viewNode: 'message', id: `${node.id}/none`, label: 'No signing keys yet: Create Signing Key', error: false }];
      }
      return keys.map((key) => ({
        viewNode: 'remoteKey',
        accountId: node.id,
        provider: node.provider,
        kid: key.id,
        label: key.id,
        created: key.created,
        storedKeyId: stored.find((candidate) => candidate.kid === key.id)?.id,
      }));
    } catch (error) {
      // Listed again on the next refresh; the message is the error's own (it never holds a secret).
      this.listings.delete(node.id);
      const message = error instanceof JwtLensError ? error.message : 'Could not list the signing keys.';
      return [{ viewNode: 'message', id: `${node.id}/error`, label: message, error: true }];
    }
  }

  getTreeItem(node: KeysViewNode): vscode.TreeItem {
    if (node instanceof KeysGroupItem) {
      const item = new vscode.TreeItem(GROUP_TITLES[node.group], vscode.TreeItemCollapsibleState.Expanded);
      item.id = `group:${node.group}`;
      item.description = String(this.groupChildren(node.group).length);
      item.contextValue = `jwtGroup.${node.group}`;
      return item;
    }
    if (node instanceof TrustedIssuerItem) {
      return this.issuerItem(node);
    }
    if ('viewNode' in node) {
      return accountViewItem(node);
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
    // The row is not redrawn as time passes, so it gives the time, never "1 min ago".
    const at = summary?.fetchedAt;
    const fetchedAt = at !== undefined ? `fetched ${fetchedTime(at, this.now())}` : 'not fetched yet';
    const fetched = at !== undefined ? `fetched ${fetchedAgo(at, this.now())} (${fetchedTime(at, this.now())})` : fetchedAt;
    item.description = [
      `${summary?.keys.length ?? 0} ${summary?.keys.length === 1 ? 'key' : 'keys'}`,
      summary?.failure ? 'refresh failed' : fetchedAt,
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
    const decrypts = decryptAlgorithms(key);
    // The default sidebar width cuts the end: the key type first, and no kid the label already
    // shows (keys added by kid, Mux keys); the tooltip has everything.
    item.description = [
      key.revoked ? 'revoked' : undefined,
      describeKey(key),
      missing ? 'unavailable' : undefined,
      !missing && decrypts.length > 0 ? 'can decrypt' : undefined,
      key.kid && !key.label.includes(key.kid) ? `kid ${key.kid}` : undefined,
    ]
      .filter(Boolean)
      .join(' · ');
    item.iconPath = new vscode.ThemeIcon(
      missing ? 'warning' : key.revoked ? 'circle-slash' : key.isPrivate ? 'key' : 'unlock',
      missing ? new vscode.ThemeColor('list.warningForeground') : undefined,
    );
    item.contextValue = missing ? 'jwtKey.missing' : key.isPrivate ? (key.publicJwk ? 'jwtKey.private' : 'jwtKey.secret') : 'jwtKey.public';
    const tooltip = new vscode.MarkdownString(undefined, true);
    tooltip.appendMarkdown(
      `**${escapeMarkdown(key.label)}**${missing ? " — $(warning) its secret is missing from this machine's secret storage; use Restore Key" : ''}\n\n`,
    );
    if (key.revoked) {
      tooltip.appendMarkdown(
        `$(circle-slash) Revoked ${key.revoked.slice(0, 10)}: it verifies the tokens it signed and is never offered for signing.\n\n`,
      );
    }
    tooltip.appendMarkdown(
      [
        `- kid: ${inlineCode(key.kid ?? '(none)')}`,
        `- ${describeKey(key)}, ${key.isPrivate ? 'private (signs and verifies)' : 'public only (verifies)'}`,
        key.revoked
          ? `- verifies: ${key.algorithms.verify.join(', ')}`
          : `- ${key.isPrivate ? 'signs' : 'verifies'}: ${algorithms.join(', ') || 'nothing (HMAC secret too short to sign)'}`,
        decrypts.length > 0 ? `- decrypts JWE: ${decrypts.join(', ')}` : undefined,
        key.thumbprint ? `- thumbprint: \`${key.thumbprint}\`` : undefined,
        `- ${key.provider === 'other' ? '' : `${PROVIDER_NAMES[key.provider]} key, `}${key.source}, ${key.created.slice(0, 10)}`,
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

/** "14:02" on the day it was fetched, else the date: what the row can show without going stale. */
export function fetchedTime(fetchedAt: number, now: number, timeZone?: string): string {
  const [date, time] = localTime(fetchedAt, timeZone).split(' ');
  return date === localTime(now, timeZone).split(' ')[0] ? time.slice(0, 5) : date;
}

function accountViewItem(node: AccountViewNode): vscode.TreeItem {
  switch (node.viewNode) {
    case 'account': {
      const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.Collapsed);
      item.id = `account/${node.id}`;
      item.description = `${PROVIDER_NAMES[node.provider]} account`;
      item.iconPath = new vscode.ThemeIcon('cloud');
      item.contextValue = 'jwtAccount';
      item.tooltip = `${node.label}: its signing keys at ${PROVIDER_NAMES[node.provider]}. The access token is in VS Code's secret storage.`;
      return item;
    }
    case 'remoteKey': {
      const item = new vscode.TreeItem(node.kid, vscode.TreeItemCollapsibleState.None);
      item.id = `account/${node.accountId}/${node.kid}`;
      item.description = [node.storedKeyId ? 'stored here' : 'not stored here', node.created?.slice(0, 10)].filter(Boolean).join(' · ');
      item.iconPath = new vscode.ThemeIcon(node.storedKeyId ? 'key' : 'cloud');
      item.contextValue = node.storedKeyId ? 'jwtRemoteKey.stored' : 'jwtRemoteKey';
      item.tooltip = node.storedKeyId
        ? `${PROVIDER_NAMES[node.provider]} signing key ${node.kid}: its private key is in this machine's secret storage, kid ${node.kid}.`
        : `${PROVIDER_NAMES[node.provider]} signing key ${node.kid}: its private key is not stored here (only ${PROVIDER_NAMES[node.provider]} had it, once, when it was created).`;
      return item;
    }
    case 'message': {
      const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.None);
      item.id = node.id;
      item.iconPath = new vscode.ThemeIcon(node.error ? 'warning' : 'info');
      item.contextValue = node.error ? 'jwtAccountMessage.error' : 'jwtAccountMessage';
      item.tooltip = node.label;
      return item;
    }
  }
}
