// Every command JWT Lens contributes, in one table: features register
// and link to commands through these names only. test/unit/manifest.test.ts keeps it and
// package.json's contributes.commands the same list.
export const COMMANDS = {
  decodeToken: 'jwtLens.decodeToken',
  openDecoded: 'jwtLens.openDecoded',
  verifyToken: 'jwtLens.verifyToken',
  copyDecodedJson: 'jwtLens.copyDecodedJson',
  copyPayload: 'jwtLens.copyPayload',
  copyHeader: 'jwtLens.copyHeader',
  copySignedUrl: 'jwtLens.copySignedUrl',
  resignToken: 'jwtLens.resignToken',
  addKey: 'jwtLens.addKey',
  addMuxKey: 'jwtLens.addMuxKey',
  addFastPixKey: 'jwtLens.addFastPixKey',
  generateKey: 'jwtLens.generateKey',
  renameKey: 'jwtLens.renameKey',
  deleteKey: 'jwtLens.deleteKey',
  exportPublicKey: 'jwtLens.exportPublicKey',
  exportPublicKeys: 'jwtLens.exportPublicKeys',
  copyKeyId: 'jwtLens.copyKeyId',
  restoreKey: 'jwtLens.restoreKey',
  signClaimsFile: 'jwtLens.signClaimsFile',
  newClaimsFile: 'jwtLens.newClaimsFile',
  findTokens: 'jwtLens.findTokens',
  showTokensInFile: 'jwtLens.showTokensInFile',
  addTrustedIssuer: 'jwtLens.addTrustedIssuer',
  refreshIssuer: 'jwtLens.refreshIssuer',
  removeTrustedIssuer: 'jwtLens.removeTrustedIssuer',
  connectMuxAccount: 'jwtLens.connectMuxAccount',
  connectFastPixAccount: 'jwtLens.connectFastPixAccount',
  disconnectAccount: 'jwtLens.disconnectAccount',
  listSigningKeys: 'jwtLens.listSigningKeys',
  createSigningKey: 'jwtLens.createSigningKey',
  revokeSigningKey: 'jwtLens.revokeSigningKey',
  rotateSigningKey: 'jwtLens.rotateSigningKey',
} as const;

export type CommandId = (typeof COMMANDS)[keyof typeof COMMANDS];
