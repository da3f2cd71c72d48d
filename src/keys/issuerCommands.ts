// Trusted issuer commands: Add Trusted Issuer (from the palette, the Keys view or the hover of a
// token whose issuer is not trusted yet — that link only ever opens the confirmation), Refresh
// Issuer Keys and Remove Trusted Issuer (palette, Keys view inline actions, automation arguments).
// When discovery puts the keys on another site than the issuer's, the user is asked about that site
// (from the palette or the hover); automation names the JWKS URL itself.
import * as vscode from 'vscode';
import { JwtLensError } from '../util/errors';
import { checkFetchUrl } from '../core/judge/fetchPolicy';
import { describeKids, discoveryUrls, hostOf, parseTrustedIssuer, type TrustedIssuer } from '../core/judge/jwks';
import { readFetchPolicy } from '../config';
import type { ConfirmKeysElsewhere, IssuerSummary, TrustedIssuers } from '../services/trustedIssuers';
import { automationArgs, stringArg } from '../shared/commandArgs';
import { COMMANDS } from '../util/commandIds';
import { registerCommandTable } from '../shared/commandTable';
import { TrustedIssuerItem } from './keysView';

export interface AddIssuerArgs {
  readonly issuer?: string;
  readonly jwksUri?: string;
  readonly audience?: string;
  /** Set by the hover's "Trust … and fetch its keys?" link: ask before anything is fetched. */
  readonly confirm?: boolean;
}

export function registerIssuerCommands(issuers: TrustedIssuers, log: vscode.LogOutputChannel): vscode.Disposable {
  const add = async (argument?: unknown): Promise<IssuerSummary | undefined> => {
    const args = automationArgs<AddIssuerArgs>(argument);
    let summary: IssuerSummary | undefined;
    if (args && (args.issuer !== undefined || args.jwksUri !== undefined)) {
      const parsed = parseTrustedIssuer({ issuer: args.issuer, jwksUri: args.jwksUri, audience: args.audience });
      if (!parsed.ok) {
        throw new JwtLensError('ERR_INVALID_ARGUMENT', parsed.error.message);
      }
      const entry = parsed.value;
      if (args.confirm === true && !(await confirmTrust(entry))) {
        return undefined;
      }
      summary = await fetching(entry.id, () => issuers.add(entry, args.confirm === true ? confirmKeysElsewhere : undefined));
    } else {
      const url = await askForAddress();
      if (url === undefined) {
        return undefined;
      }
      // Discovery first; an address with no discovery document is read as a JWKS URL.
      summary = await fetching(url, () => issuers.addAddress(url, confirmKeysElsewhere));
    }
    if (!summary) {
      return undefined;
    }
    void vscode.window.showInformationMessage(`Trusted ${hostOf(summary.id)}: ${describeKids(summary.keys)}.`);
    return summary;
  };

  const refresh = async (argument?: unknown): Promise<IssuerSummary | undefined> => {
    const entry = await chooseIssuer(issuers, argument, 'Refresh the keys of which issuer?');
    if (!entry) {
      return undefined;
    }
    const summary = await issuers.refresh(entry);
    void vscode.window.setStatusBarMessage(`Refreshed ${hostOf(entry.id)}: ${describeKids(summary.keys)}`, 5000);
    return summary;
  };

  const remove = async (argument?: unknown): Promise<{ removed: string } | undefined> => {
    const entry = await chooseIssuer(issuers, argument, 'Stop trusting which issuer?');
    if (!entry) {
      return undefined;
    }
    await issuers.remove(entry);
    void vscode.window.setStatusBarMessage(`Removed ${hostOf(entry.id)} from the trusted issuers`, 5000);
    return { removed: entry.id };
  };

  return registerCommandTable(
    {
      [COMMANDS.addTrustedIssuer]: add,
      [COMMANDS.refreshIssuer]: refresh,
      [COMMANDS.removeTrustedIssuer]: remove,
    },
    log,
  );
}

/** The modal question before trusting an issuer named by a token: nothing is fetched unless the user says so. */
async function confirmTrust(entry: TrustedIssuer): Promise<boolean> {
  const where = entry.jwksUri ?? discoveryUrls(entry.issuer!)[0];
  const trust = 'Trust and Fetch Keys';
  const answer = await vscode.window.showWarningMessage(
    `Trust ${entry.id} and fetch its keys?`,
    {
      modal: true,
      detail: `JWT Lens will fetch ${where} and the keys it names, and verify tokens whose "iss" is exactly ${entry.id} with them. Trust only an issuer you know: the address comes from the token.`,
    },
    trust,
  );
  return answer === trust;
}

/** The modal question when discovery puts an issuer's keys on another site than the issuer's own. */
const confirmKeysElsewhere: ConfirmKeysElsewhere = async (issuer, jwksUri) => {
  const fetch = 'Fetch Keys';
  const answer = await vscode.window.showWarningMessage(
    `${hostOf(issuer)} keeps its keys on another site: ${hostOf(jwksUri)}. Fetch them from there?`,
    {
      modal: true,
      detail: `Its discovery document names ${jwksUri}. JWT Lens will verify tokens whose "iss" is exactly ${issuer} with the keys there, and keeps that address in jwtLens.trustedIssuers, so a later discovery document cannot move it. Fetch only if you expect ${hostOf(issuer)} to publish its keys there.`,
    },
    fetch,
  );
  return answer === fetch;
};

function fetching<T>(address: string, task: () => Promise<T>): Thenable<T> {
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Fetching the keys of ${hostOf(address)}…` },
    task,
  );
}

async function askForAddress(): Promise<string | undefined> {
  const url = await vscode.window.showInputBox({
    title: 'Add Trusted Issuer',
    prompt: 'The issuer (as tokens carry it in "iss"), or the JWKS URL of the keys that sign them',
    placeHolder: 'https://login.example.com/',
    ignoreFocusOut: true,
    validateInput: (value) => {
      const checked = checkFetchUrl(value.trim(), readFetchPolicy());
      return checked.ok ? undefined : checked.error.message;
    },
  });
  return url === undefined ? undefined : url.trim();
}

/** The issuer a command acts on: the Keys view item, an id or { issuer | jwksUri }, or one picked from the list. */
async function chooseIssuer(issuers: TrustedIssuers, argument: unknown, title: string): Promise<TrustedIssuer | undefined> {
  const args = automationArgs<AddIssuerArgs>(argument);
  const named = argument instanceof TrustedIssuerItem ? argument.issuerId : (stringArg(argument) ?? args?.issuer ?? args?.jwksUri);
  if (named !== undefined) {
    const found = issuers.find(String(named));
    if (!found) {
      throw new JwtLensError('ERR_ISSUER_NOT_FOUND', `${hostOf(String(named))} is not a trusted issuer.`);
    }
    return found;
  }
  const list = issuers.list();
  if (list.length === 0) {
    throw new JwtLensError('ERR_ISSUER_NOT_FOUND', 'No trusted issuers yet.', {
      actions: [{ title: 'Add Trusted Issuer', command: COMMANDS.addTrustedIssuer }],
    });
  }
  const picked = await vscode.window.showQuickPick(
    list.map((entry) => ({ label: entry.id, description: entry.audience ? `aud ${entry.audience}` : undefined, entry })),
    { title },
  );
  return picked?.entry;
}
