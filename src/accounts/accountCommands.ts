// Mux and FastPix accounts from VS Code: connect (access token id and secret, checked, kept in
// SecretStorage), disconnect, list remote signing keys, create one (its private key straight into
// the key store under the remote id as kid: never shown, never on the clipboard), revoke (asks
// first), rotate (create, point the claims files naming the old key at the new one after a preview,
// then revoke the old one now or after a grace period). Each command takes arguments and returns
// its result; from the Keys view VS Code passes the account or remote key element.
import * as vscode from 'vscode';
import { kidProblem, PROVIDER_NAMES, type AccountProvider } from '../core/providers/providerApi';
import { retargetKeyReferences } from '../core/sign/claims';
import { parseDuration } from '../core/token/time';
import { JwtLensError } from '../util/errors';
import { importKeyText } from '../core/keys/importKey';
import { unknownAccount, type Account, type AccountService } from '../services/accountService';
import type { KeyStore } from '../services/keyStore';
import { automationArgs } from '../shared/commandArgs';
import { COMMANDS } from '../util/commandIds';
import { registerCommandTable, type CommandTable } from '../shared/commandTable';
import { disposeAll } from '../util/disposables';
import { isAccountNode, isRemoteKeyNode } from '../shared/keysViewNodes';

export interface ConnectArgs {
  readonly tokenId?: string;
  readonly tokenSecret?: string;
  readonly label?: string;
}

/** A remote key named by automation: the account (id or label) and the key id. */
export interface RemoteKeyArgs {
  readonly account?: string;
  readonly kid?: string;
  /** The earlier name of `kid`, still accepted. */
  readonly keyId?: string;
}

export interface RevokeOptions {
  /** false: revoke without asking (automation that has already asked). */
  readonly confirm?: boolean;
}

export interface RotateOptions {
  /** false: apply the claims-file edits without the preview. */
  readonly confirm?: boolean;
  /** "now", "never", or a grace period such as "1h" or "7d" after which JWT Lens offers to revoke it. */
  readonly revokeOld?: string;
}

export interface RotateResult {
  readonly kid: string;
  readonly previousKid: string;
  /** The claims files pointed at the new key. */
  readonly updatedFiles: readonly string[];
  readonly revokeOld: 'now' | 'never' | 'scheduled';
  /** ISO time the old key's revocation is offered, when scheduled. */
  readonly revokeAt?: string;
}

interface PendingRevocation {
  readonly accountId: string;
  readonly kid: string;
  /** Epoch ms. */
  readonly due: number;
}

const PENDING_KEY = 'jwtLens.pendingRevocations';
const RETRY = 'Retry';
const CLAIMS_FILES = '**/*.{claims,jwt}.{json,jsonc}';
const MAX_CLAIMS_FILES = 2000;
const GRACE_CHOICES = [
  { label: 'Revoke the old key now', value: 'now' },
  { label: 'Offer to revoke it in 1 hour', value: '1h' },
  { label: 'Offer to revoke it in 1 day', value: '1d' },
  { label: 'Offer to revoke it in 7 days', value: '7d' },
  { label: 'Keep the old key', value: 'never' },
];

export function registerAccountCommands(
  accounts: AccountService,
  keyStore: KeyStore,
  state: vscode.Memento,
  log: vscode.LogOutputChannel,
): vscode.Disposable {
  const commands = new AccountCommands(accounts, keyStore, state);
  const table: CommandTable = {
    [COMMANDS.connectMuxAccount]: (args?: unknown) => commands.connect('mux', automationArgs<ConnectArgs>(args)),
    [COMMANDS.connectFastPixAccount]: (args?: unknown) => commands.connect('fastpix', automationArgs<ConnectArgs>(args)),
    [COMMANDS.disconnectAccount]: (account?: unknown, options?: unknown) =>
      commands.disconnect(account, automationArgs<RevokeOptions>(options)),
    [COMMANDS.listSigningKeys]: (account?: unknown) => commands.listKeys(account),
    [COMMANDS.createSigningKey]: (account?: unknown) => commands.createKey(account),
    // `{ account, kid }` and the options may come as one object or two.
    [COMMANDS.revokeSigningKey]: (key?: unknown, options?: unknown) =>
      commands.revoke(key, { ...automationArgs<RevokeOptions>(key), ...automationArgs<RevokeOptions>(options) }),
    [COMMANDS.rotateSigningKey]: (key?: unknown, options?: unknown) =>
      commands.rotate(key, { ...automationArgs<RotateOptions>(key), ...automationArgs<RotateOptions>(options) }),
  };
  return vscode.Disposable.from(registerCommandTable(table, log), commands);
}

class AccountCommands implements vscode.Disposable {
  private reminder: ReturnType<typeof setTimeout> | undefined;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly accounts: AccountService,
    private readonly keyStore: KeyStore,
    private readonly state: vscode.Memento,
  ) {
    this.scheduleReminder();
  }

  async connect(
    provider: AccountProvider,
    args: ConnectArgs = {},
  ): Promise<{ id: string; label: string; environment?: string } | undefined> {
    const name = PROVIDER_NAMES[provider];
    const steps = Number(args.tokenId === undefined) + Number(args.tokenSecret === undefined);
    const interactive = args.tokenSecret === undefined;
    // What was typed is kept across a Retry: a mistyped secret is fixed without typing the id again.
    let typedId = '';
    let typedSecret = '';
    let problem: string | undefined;
    let account: Account;
    for (;;) {
      const tokenId =
        args.tokenId ??
        (await vscode.window.showInputBox({
          title: `Connect ${name} Account (1/${steps})`,
          prompt:
            problem ??
            `The access token ID (${name} dashboard: ${provider === 'mux' ? 'Settings → Access Tokens' : 'Org Settings → Access Tokens'}).`,
          value: typedId,
          ignoreFocusOut: true,
          validateInput: (value) => (value.trim() ? undefined : 'Enter the access token ID.'),
        }));
      if (!tokenId) {
        return undefined;
      }
      typedId = tokenId;
      const tokenSecret =
        args.tokenSecret ??
        (await vscode.window.showInputBox({
          title: `Connect ${name} Account (${steps}/${steps})`,
          prompt: problem ?? `The access token's secret. It is checked with ${name} and kept in VS Code's secret storage only.`,
          value: typedSecret,
          password: true,
          ignoreFocusOut: true,
          validateInput: (value) => (value.trim() ? undefined : 'Enter the secret.'),
        }));
      if (!tokenSecret) {
        return undefined;
      }
      typedSecret = tokenSecret;
      try {
        account = await vscode.window.withProgress(
          { location: vscode.ProgressLocation.Notification, title: `Checking the ${name} access token…` },
          () => this.accounts.connect(provider, tokenId, tokenSecret, args.label),
        );
        break;
      } catch (error) {
        // Automation gets the failure as its result; a person gets Retry, back in the same boxes.
        if (!interactive || !(error instanceof JwtLensError)) {
          throw error;
        }
        if ((await vscode.window.showErrorMessage(error.message, RETRY)) !== RETRY) {
          return undefined;
        }
        problem = error.message;
      }
    }
    if (interactive) {
      void vscode.window.showInformationMessage(`Connected ${account.label}. Its signing keys are in the Keys view.`);
    }
    return { id: account.id, label: account.label, environment: account.environment };
  }

  async disconnect(reference: unknown, options: RevokeOptions = {}): Promise<true | undefined> {
    const account = await this.account(reference, 'Disconnect');
    if (!account) {
      return undefined;
    }
    if (options.confirm !== false) {
      const answer = await vscode.window.showWarningMessage(
        `Disconnect ${account.label}? Its access token is removed from secret storage; its signing keys stay at ${PROVIDER_NAMES[account.provider]} and in the Keys view.`,
        { modal: true },
        'Disconnect',
      );
      if (answer !== 'Disconnect') {
        return undefined;
      }
    }
    await this.accounts.disconnect(account.id);
    // Its old keys can no longer be revoked from here: no reminder about them.
    await this.state.update(
      PENDING_KEY,
      this.pending().filter((entry) => entry.accountId !== account.id),
    );
    this.scheduleReminder();
    return true;
  }

  async listKeys(reference: unknown): Promise<Array<{ id: string; created?: string; stored: boolean }> | undefined> {
    const account = await this.account(reference, 'List Signing Keys');
    if (!account) {
      return undefined;
    }
    const keys = await this.accounts.listKeys(account.id);
    return keys.map((key) => ({ id: key.id, created: key.created, stored: this.storedKeyFor(account.provider, key.id) !== undefined }));
  }

  /** Creates a remote key and stores its private half; returns the new kid. */
  async createKey(reference: unknown): Promise<string | undefined> {
    const account = await this.account(reference, 'Create Signing Key');
    if (!account) {
      return undefined;
    }
    const kid = await this.createAndStore(account);
    if (!automationArgs(reference) && typeof reference !== 'string') {
      void vscode.window.showInformationMessage(
        `Created ${PROVIDER_NAMES[account.provider]} signing key ${kid}. Its private key went straight to secret storage (Keys view, kid ${kid}); it is not shown anywhere.`,
      );
    }
    return kid;
  }

  async revoke(reference: unknown, options: RevokeOptions = {}): Promise<true | undefined> {
    const target = await this.remoteKey(reference, 'Revoke Signing Key');
    if (!target) {
      return undefined;
    }
    const name = PROVIDER_NAMES[target.account.provider];
    if (options.confirm !== false) {
      // Keep comes first, so it is the dialog's default button: Enter must never revoke a key.
      const answer = await vscode.window.showWarningMessage(
        `Revoke ${name} signing key ${target.kid}? Every token signed with it stops working at once. This cannot be undone.`,
        { modal: true },
        { title: 'Keep' },
        { title: 'Revoke' },
      );
      if (answer?.title !== 'Revoke') {
        return undefined;
      }
    }
    await this.revokeRemote(target.account, target.kid);
    return true;
  }

  /** Revokes at the provider, and marks the stored key revoked: it still verifies, it never signs again. */
  private async revokeRemote(account: Account, kid: string): Promise<void> {
    const name = PROVIDER_NAMES[account.provider];
    await this.accounts.revokeKey(account.id, kid);
    const marked = await this.keyStore.markRevoked(account.provider, kid);
    await this.forgetPending(account.id, kid);
    void vscode.window.showInformationMessage(
      marked > 0
        ? `Revoked ${name} signing key ${kid}. It stays in the Keys view marked revoked: it verifies the tokens it signed and signs no more.`
        : `Revoked ${name} signing key ${kid}.`,
    );
  }

  async rotate(reference: unknown, options: RotateOptions = {}): Promise<RotateResult | undefined> {
    const target = await this.remoteKey(reference, 'Rotate Signing Key');
    if (!target) {
      return undefined;
    }
    const { account, kid: previousKid } = target;
    if (options.revokeOld !== undefined && !isGraceChoice(options.revokeOld)) {
      throw new JwtLensError('ERR_INVALID_ARGUMENT', `revokeOld must be "now", "never" or a grace period such as "1h" or "7d".`);
    }
    const kid = await this.createAndStore(account);
    const updatedFiles = await this.retargetClaimsFiles(account.provider, previousKid, kid, options.confirm !== false);
    const choice =
      options.revokeOld ??
      (
        await vscode.window.showQuickPick(GRACE_CHOICES, {
          title: `Rotated to ${kid}: the old key ${previousKid} still signs valid tokens`,
          placeHolder: 'Revoke the old key when tokens signed with it have expired',
          ignoreFocusOut: true,
        })
      )?.value ??
      'never';
    if (choice === 'now') {
      await this.revokeRemote(account, previousKid);
      return { kid, previousKid, updatedFiles, revokeOld: 'now' };
    }
    if (choice === 'never') {
      return { kid, previousKid, updatedFiles, revokeOld: 'never' };
    }
    const due = Date.now() + (parseDuration(choice) ?? 0) * 1000;
    await this.state.update(PENDING_KEY, [
      ...this.pending().filter((entry) => entry.kid !== previousKid),
      { accountId: account.id, kid: previousKid, due },
    ]);
    this.scheduleReminder();
    return { kid, previousKid, updatedFiles, revokeOld: 'scheduled', revokeAt: new Date(due).toISOString() };
  }

  /**
   * Creates the key and stores its private half. A key that cannot be stored is revoked again, so
   * no key is left that nobody holds; when that fails too, the message names the id to revoke.
   */
  private async createAndStore(account: Account): Promise<string> {
    const name = PROVIDER_NAMES[account.provider];
    const created = await this.accounts.createKey(account.id);
    try {
      const imported = await importKeyText(created.privateKey);
      if (!imported.ok || !imported.keys[0].isPrivate || imported.keys[0].type !== 'RSA') {
        throw new JwtLensError('ERR_ACCOUNT_KEY_UNREADABLE', `${name} returned a private key JWT Lens cannot read`);
      }
      await this.keyStore.add(imported.keys[0], {
        label: `${name} ${created.id}`,
        kid: created.id,
        source: 'created',
        provider: account.provider,
      });
      return created.id;
    } catch (storeError) {
      const reason =
        storeError instanceof JwtLensError && storeError.code === 'ERR_ACCOUNT_KEY_UNREADABLE'
          ? storeError.message
          : 'secret storage failed';
      try {
        await this.accounts.revokeKey(account.id, created.id);
      } catch (revokeError) {
        throw new JwtLensError(
          'ERR_ACCOUNT_KEY_NOT_STORED',
          `The new ${name} signing key ${created.id} could not be stored (${reason}) nor revoked again: revoke it in the ${name} dashboard or from the Keys view.`,
          { cause: revokeError },
        );
      }
      throw new JwtLensError(
        'ERR_ACCOUNT_KEY_NOT_STORED',
        `The new ${name} signing key could not be stored (${reason}), so it was revoked again: nothing was kept. Try again.`,
        { cause: storeError },
      );
    }
  }

  /** Points the workspace's claims files that name the old key (kid or label) at the new one, after a preview. */
  private async retargetClaimsFiles(provider: AccountProvider, previousKid: string, kid: string, preview: boolean): Promise<string[]> {
    const name = PROVIDER_NAMES[provider];
    const previousLabels = this.keyStore
      .list()
      .filter((key) => key.kid === previousKid)
      .map((key) => key.label);
    const edit = new vscode.WorkspaceEdit();
    const files: string[] = [];
    const metadata: vscode.WorkspaceEditEntryMetadata = {
      label: `Sign with ${name} ${kid} instead of ${previousKid}`,
      needsConfirmation: preview,
    };
    for (const uri of await vscode.workspace.findFiles(CLAIMS_FILES, undefined, MAX_CLAIMS_FILES)) {
      const document = await vscode.workspace.openTextDocument(uri);
      const text = document.getText();
      const kidEdits = retargetKeyReferences(text, [previousKid], kid);
      const labelEdits = retargetKeyReferences(text, previousLabels, `${name} ${kid}`).filter(
        (change) => !kidEdits.some((other) => other.start === change.start),
      );
      const changes = [...kidEdits, ...labelEdits];
      for (const change of changes) {
        edit.replace(uri, new vscode.Range(document.positionAt(change.start), document.positionAt(change.end)), change.text, metadata);
      }
      if (changes.length > 0) {
        files.push(uri.toString());
      }
    }
    if (files.length === 0) {
      return [];
    }
    const applied = await vscode.workspace.applyEdit(edit, { isRefactoring: preview });
    if (!applied) {
      return [];
    }
    await Promise.all(
      files.map(async (file) => {
        const document = vscode.workspace.textDocuments.find((candidate) => candidate.uri.toString() === file);
        await document?.save();
      }),
    );
    return files;
  }

  private storedKeyFor(provider: AccountProvider, kid: string): string | undefined {
    return this.keyStore.list().find((key) => key.provider === provider && key.kid === kid && key.isPrivate)?.id;
  }

  /** The account a command acts on: the view element, an id or label, or asked (none connected: an error with Connect). */
  private async account(reference: unknown, title: string): Promise<Account | undefined> {
    if (isAccountNode(reference) || typeof reference === 'string') {
      return this.require(reference);
    }
    const args = automationArgs<RemoteKeyArgs>(reference);
    if (args?.account !== undefined) {
      return this.require(args.account);
    }
    const accounts = this.accounts.list();
    if (accounts.length === 0) {
      throw unknownAccount();
    }
    if (accounts.length === 1) {
      return accounts[0];
    }
    const picked = await vscode.window.showQuickPick(
      accounts.map((account) => ({ label: account.label, description: account.environment, account })),
      { title, placeHolder: 'Account' },
    );
    return picked?.account;
  }

  private async remoteKey(reference: unknown, title: string): Promise<{ account: Account; kid: string } | undefined> {
    if (isRemoteKeyNode(reference)) {
      return { account: this.require(reference.accountId), kid: reference.kid };
    }
    const args = automationArgs<RemoteKeyArgs>(reference);
    const account = await this.account(args?.account ?? reference, title);
    if (!account) {
      return undefined;
    }
    const kid = args?.kid ?? args?.keyId;
    if (kid !== undefined) {
      // Before anything is asked or made (a rotation creates its new key first).
      const problem = kidProblem(kid);
      if (problem) {
        throw new JwtLensError('ERR_INVALID_ARGUMENT', problem);
      }
      return { account, kid };
    }
    const keys = await this.accounts.listKeys(account.id);
    if (keys.length === 0) {
      throw new JwtLensError('ERR_KEY_NOT_FOUND', `${account.label} has no signing keys.`);
    }
    const picked = await vscode.window.showQuickPick(
      keys.map((key) => ({
        label: key.id,
        description: [this.storedKeyFor(account.provider, key.id) ? 'stored here' : 'not stored here', key.created?.slice(0, 10)]
          .filter(Boolean)
          .join(' · '),
      })),
      { title, placeHolder: 'Signing key' },
    );
    return picked && { account, kid: picked.label };
  }

  private require(reference: string | { readonly id: string }): Account {
    const account = this.accounts.resolve(reference);
    if (!account) {
      throw unknownAccount();
    }
    return account;
  }

  private pending(): PendingRevocation[] {
    // Entries saved before the kid rename carry it as keyId.
    const saved = this.state.get<(PendingRevocation & { keyId?: string })[]>(PENDING_KEY) ?? [];
    return saved.map(({ keyId, ...entry }) => ({ ...entry, kid: entry.kid ?? keyId ?? '' }));
  }

  private async forgetPending(accountId: string, kid: string): Promise<void> {
    const pending = this.pending();
    const rest = pending.filter((entry) => !(entry.accountId === accountId && entry.kid === kid));
    if (rest.length !== pending.length) {
      await this.state.update(PENDING_KEY, rest);
    }
  }

  /** One timer to the earliest grace period's end; then the offer to revoke (never revoked unasked). */
  private scheduleReminder(): void {
    if (this.reminder) {
      clearTimeout(this.reminder);
      this.reminder = undefined;
    }
    const pending = this.pending();
    if (pending.length === 0) {
      return;
    }
    const next = Math.min(...pending.map((entry) => entry.due));
    this.reminder = setTimeout(() => void this.offerDueRevocations(), Math.min(Math.max(0, next - Date.now()) + 1000, 2 ** 31 - 1));
  }

  private async offerDueRevocations(): Promise<void> {
    this.reminder = undefined;
    const now = Date.now();
    const due = this.pending().filter((entry) => entry.due <= now);
    await this.state.update(
      PENDING_KEY,
      this.pending().filter((entry) => entry.due > now),
    );
    this.scheduleReminder();
    for (const entry of due) {
      const account = this.accounts.get(entry.accountId);
      if (!account) {
        continue;
      }
      void vscode.window
        .showWarningMessage(
          `The grace period of the old ${PROVIDER_NAMES[account.provider]} signing key ${entry.kid} (${account.label}) is over. Revoke it now?`,
          'Revoke',
        )
        .then((answer) =>
          answer === 'Revoke'
            ? vscode.commands.executeCommand(COMMANDS.revokeSigningKey, { account: account.id, kid: entry.kid }, { confirm: false })
            : undefined,
        );
    }
  }

  dispose(): void {
    if (this.reminder) {
      clearTimeout(this.reminder);
    }
    disposeAll(this.subscriptions);
  }
}

function isGraceChoice(value: string): boolean {
  return value === 'now' || value === 'never' || (parseDuration(value) ?? 0) > 0;
}
