// Messages more than one capability shows, in one place so they read the same everywhere.

export const UNTRUSTED_MESSAGE = 'Signing is off in Restricted Mode: a claims file from an untrusted workspace could name your production key. Trust the workspace first (Workspaces: Manage Workspace Trust).';
