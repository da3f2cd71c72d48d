// Messages more than one capability shows, in one place so they read the same everywhere.
import { JwtLensError } from '../util/errors';

export const UNTRUSTED_MESSAGE =
  'Signing is off in Restricted Mode: a claims file from an untrusted workspace could name your production key. Trust the workspace first (Workspaces: Manage Workspace Trust).';

/** Signing refused in Restricted Mode, with the way to trust the workspace. */
export function untrustedWorkspace(): JwtLensError {
  return new JwtLensError('ERR_UNTRUSTED_WORKSPACE', UNTRUSTED_MESSAGE, {
    actions: [{ title: 'Manage Workspace Trust', command: 'workbench.trust.manage' }],
  });
}

/** The `source` of every diagnostic JWT Lens reports (tokens and claims files), as Problems shows it. */
export const DIAGNOSTIC_SOURCE = 'JWT Lens';
