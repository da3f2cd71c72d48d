// Hover on any JWT in any file: the answer first (expiry, signature), then header and payload.
// Reads the document's inspection entry, or scans only the window around the pointer when the
// document has not been inspected. Token content is escaped (see core/render/hoverMarkdown.ts); only our own
// commands may run from the hover's links.
import * as vscode from 'vscode';
import { renderHover } from '../core/render/hoverMarkdown';
import { signedUrl } from '../core/providers/signedUrls';
import { missingKid } from '../core/judge/verdict';
import { isEditable } from '../core/sign/editToken';
import { commandLink } from './tokenLocation';
import type { InspectionService } from '../services/inspections';
import type { TrustedIssuers } from '../services/trustedIssuers';
import { addKeyCommandFor } from '../shared/keyPicker';
import type { Milestones } from '../shared/milestones';
import { COMMANDS } from '../util/commandIds';

const HOVER_COMMANDS = [
  COMMANDS.openDecoded,
  COMMANDS.copyPayload,
  COMMANDS.copyHeader,
  COMMANDS.verifyToken,
  COMMANDS.resignToken,
  COMMANDS.editToken,
  COMMANDS.copySignedUrl,
  COMMANDS.addKey,
  COMMANDS.addMuxKey,
  COMMANDS.addFastPixKey,
  COMMANDS.addTrustedIssuer,
];

export class TokenHoverProvider implements vscode.HoverProvider {
  constructor(
    private readonly service: InspectionService,
    private readonly issuers: TrustedIssuers,
    private readonly milestones: Milestones,
  ) {}

  async provideHover(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Hover | undefined> {
    const token = this.service.entryAt(document, position);
    if (!token) {
      return undefined;
    }
    const { decoded, location } = token;
    const settings = this.service.settingsFor(document);
    // The entry is judged for this second already. Verify only an unchecked signature, a missing key
    // a key provider may still look up (Verification.verify asks it; the cached result does not), or
    // a JWE a background pass left undecrypted (asked for, every key is tried).
    const known = token.verdict.signature;
    const verdict =
      known && known.status !== 'no-key' && !known.deferred ? token.verdict : await this.service.verifiedVerdict(decoded, settings);
    const kid = missingKid(verdict);
    const addKey = kid !== undefined ? addKeyCommandFor(decoded, kid) : undefined;
    const hasUrl = decoded.kind === 'jws' && decoded.payload !== undefined && signedUrl(decoded.payload, decoded.text) !== undefined;
    // Re-sign only where the token's signature verifies with the key that would sign it.
    const resign = await this.service.resigner(decoded);
    // Offered where the signature is not settled by a key: the link only opens the confirmation.
    const untrusted = verdict.signature?.status === 'valid' ? undefined : this.issuers.untrustedIssuer(decoded);
    const markdown = new vscode.MarkdownString(
      renderHover(
        verdict,
        {
          openDecoded: commandLink(COMMANDS.openDecoded, location),
          copyPayload: decoded.payload ? commandLink(COMMANDS.copyPayload, location) : undefined,
          copyHeader: commandLink(COMMANDS.copyHeader, location),
          // A DPoP proof is checked with its own key only: no stored key to choose.
          verifyWith:
            decoded.kind === 'jws' && !decoded.error && !verdict.dpop
              ? commandLink(COMMANDS.verifyToken, location, { choose: true })
              : undefined,
          addKey: addKey && commandLink(addKey.command, ...addKey.arguments),
          copySignedUrl: hasUrl ? commandLink(COMMANDS.copySignedUrl, location) : undefined,
          resign: resign.ok ? commandLink(COMMANDS.resignToken, location) : undefined,
          editToken: isEditable(decoded) ? commandLink(COMMANDS.editToken, location) : undefined,
          trustIssuer: untrusted
            ? { issuer: untrusted, link: commandLink(COMMANDS.addTrustedIssuer, { issuer: untrusted, confirm: true }) }
            : undefined,
        },
        // Problems carries each lint's text, and VS Code shows it in this same hover.
        { now: this.service.now(), lintsInProblems: settings.diagnostics.lints !== 'off' },
      ),
      true,
    );
    markdown.isTrusted = { enabledCommands: HOVER_COMMANDS };
    markdown.supportHtml = false;
    // Get Started's "Inspect a token" step says "hover over a token": a hover shown completes it.
    this.milestones.reach('decoded');
    return new vscode.Hover(markdown, token.range);
  }
}
