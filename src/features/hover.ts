// Hover on any JWT in any file: the answer first (expiry, signature), then header and payload.
// Only the hovered line is scanned. Token content is escaped (see core/render.ts); only our own
// commands may run from the hover's links.
import * as vscode from 'vscode';
import { renderHover } from '../core/render';
import { signedUrl } from '../core/urls';
import { missingKid } from '../core/verdict';
import { addKeyCommandFor, KEY_COMMANDS } from './keyCommands';
import { TOKEN_COMMANDS } from './tokenCommands';
import { commandLink, locationOf } from './tokenLocation';
import type { TokenService } from './tokenService';

const HOVER_COMMANDS = [
  TOKEN_COMMANDS.openDecoded, TOKEN_COMMANDS.copyPayload, TOKEN_COMMANDS.copyHeader, TOKEN_COMMANDS.verifyToken, TOKEN_COMMANDS.resignToken,
  TOKEN_COMMANDS.copySignedUrl, KEY_COMMANDS.addKey, KEY_COMMANDS.addMuxKey, KEY_COMMANDS.addFastPixKey,
];

export class TokenHoverProvider implements vscode.HoverProvider {
  constructor(private readonly service: TokenService) {}

  async provideHover(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Hover | undefined> {
    const token = this.service.tokenAt(document, position);
    if (!token) return undefined;
    const decoded = this.service.decode(token);
    const verdict = await this.service.verdict(decoded, document);
    const location = locationOf(document, token);
    const kid = missingKid(verdict);
    const addKey = kid !== undefined ? addKeyCommandFor(decoded, kid) : undefined;
    const hasUrl = decoded.kind === 'jws' && decoded.payload !== undefined && signedUrl(decoded.payload, decoded.text) !== undefined;
    // Re-sign only where the token's signature verifies with the key that would sign it.
    const resignKey = await this.service.resignKey(decoded);
    const markdown = new vscode.MarkdownString(renderHover(verdict, {
      openDecoded: commandLink(TOKEN_COMMANDS.openDecoded, location),
      copyPayload: decoded.payload ? commandLink(TOKEN_COMMANDS.copyPayload, location) : undefined,
      copyHeader: commandLink(TOKEN_COMMANDS.copyHeader, location),
      verifyWith: decoded.kind === 'jws' && !decoded.error ? commandLink(TOKEN_COMMANDS.verifyToken, location) : undefined,
      addKey: addKey && commandLink(addKey.command, ...addKey.arguments),
      copySignedUrl: hasUrl ? commandLink(TOKEN_COMMANDS.copySignedUrl, location) : undefined,
      resign: resignKey ? commandLink(TOKEN_COMMANDS.resignToken, location) : undefined,
    }, { now: this.service.now() }), true);
    markdown.isTrusted = { enabledCommands: HOVER_COMMANDS };
    markdown.supportHtml = false;
    return new vscode.Hover(markdown, token.range);
  }
}
