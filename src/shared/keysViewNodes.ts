// The Keys view's elements besides stored keys: a connected Mux or FastPix account, and one of its
// remote signing keys. The view (keys/) shows them and the account commands (accounts/) receive
// them back from its menus, so their shape lives here.
import type { AccountProvider } from '../core/providers/providerApi';

export interface AccountNode {
  readonly viewNode: 'account';
  readonly id: string;
  readonly label: string;
  readonly provider: AccountProvider;
}

export interface RemoteKeyNode {
  readonly viewNode: 'remoteKey';
  /** The account the key belongs to. */
  readonly accountId: string;
  readonly provider: AccountProvider;
  /** The remote key id: the kid tokens carry. */
  readonly kid: string;
  readonly label: string;
  readonly created?: string;
  /** The stored key holding its private half on this machine, when one does. */
  readonly storedKeyId?: string;
}

/** Shown under an account whose keys could not be listed: the reason, with nothing to act on. */
export interface MessageNode {
  readonly viewNode: 'message';
  readonly id: string;
  readonly label: string;
  readonly error: boolean;
}

export type AccountViewNode = AccountNode | RemoteKeyNode | MessageNode;

export function isAccountNode(value: unknown): value is AccountNode {
  return typeof value === 'object' && value !== null && (value as AccountNode).viewNode === 'account';
}

export function isRemoteKeyNode(value: unknown): value is RemoteKeyNode {
  return typeof value === 'object' && value !== null && (value as RemoteKeyNode).viewNode === 'remoteKey';
}

export function isAccountViewNode(value: unknown): value is AccountViewNode {
  return (
    isAccountNode(value) ||
    isRemoteKeyNode(value) ||
    (typeof value === 'object' && value !== null && (value as MessageNode).viewNode === 'message')
  );
}
