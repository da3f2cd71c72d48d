// The four commands over the core: scan, decode, verify, sign. Each writes through `io` and returns
// its exit code, so the unit tests run them in process and the end-to-end test runs the bundle.
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseClaimsFile } from '../core/sign/claims';
import { decodeToken, type DecodedToken } from '../core/token/decode';
import { capitalise, oneLine, safeJson } from '../core/text/display';
import { tokenFindings } from '../core/judge/findings';
import { signToken } from '../core/sign/sign';
import { CLAIMS_TEMPLATES } from '../core/sign/templates';
import { isoUtc, numericDate } from '../core/token/time';
import { signedUrlFor } from '../core/providers/signedUrls';
import { judge, judgeOptions, lensTitle, tokenKind } from '../core/judge/verdict';
import { verifyToken } from '../core/judge/verify';
import { dpopSummary, formatTextLines, sdJwtSummary } from '../core/render/formatSummary';
import type { ScanArgs, SignArgs, TokenArgs } from './args';
import { CliError, EXIT_CLEAN, EXIT_FINDINGS, ioError } from './cliError';
import { filesInOrder } from './files';
import { Verifier } from './judgeText';
import { readKeyTexts, signingKey, verificationKeys } from './keyFiles';
import { defaultJobs, scanTargets } from './pool';
import {
  byDisplay,
  failsAt,
  liveState,
  jsonFile,
  jsonReport,
  sarifFileResults,
  sarifReport,
  SummaryTally,
  summaryLine,
  textEnd,
  textFindings,
  type OutputFormat,
  type ScanSummary,
} from './report';
import type { FileResult } from './scanFile';
import { applyCodeLevels, loadSettings } from './configFile';
import { parseAddedLines, scanAddedLines, stagedDiff } from './staged';
import { readBaseline, readIgnoreFile, Triage, writeBaseline } from './triage';
import { issuerKeyTexts } from './issuerKeys';
import { scanHistory } from './history';

export interface CliIo {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  readonly now: () => number;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly stdin: () => string;
  /** The bundle itself, started again as a worker thread; undefined scans in this thread. */
  readonly workerScript?: string;
  readonly version: string;
}

export async function runScan(args: ScanArgs, io: CliIo): Promise<number> {
  const settings = loadSettings(args.config, args.rules, io.cwd);
  const triage = new Triage({
    ignored: readIgnoreFile(io.cwd),
    baseline: args.baseline === undefined ? undefined : readBaseline(args.baseline, io.cwd),
    recordAll: args.writeBaseline !== undefined,
  });
  const keyTexts = [
    ...readKeyTexts(args.keys, io.env, io.cwd),
    ...(await issuerKeyTexts(args.issuers, args.jwksUrls, {
      allowHttpLocalhost: args.allowLocalhost,
      allowPrivateAddresses: args.allowPrivateAddresses,
    })),
  ];
  // Imported once here so a bad key is a usage error before any file is read.
  const keys = await verificationKeys(keyTexts);
  const now = io.now();
  // With keys a verified live token can come up anywhere and is reported first: nothing is streamed.
  const report = new ScanReport(args.format, args.output === undefined && keys.length === 0 ? io.stdout : undefined, triage);
  if (args.history) {
    await scanHistory(args.history, io.cwd, settings, new Verifier(keys), now, (result) => report.add(result));
  } else if (args.staged) {
    const results = await scanAddedLines(parseAddedLines(stagedDiff(io.cwd)), settings, new Verifier(keys), now);
    results.sort(byDisplay).forEach((result) => report.add(result));
  } else {
    const { targets, unreadableFolders } = filesInOrder(args.paths, io.cwd);
    const options = { jobs: args.jobs ?? defaultJobs(), workerScript: io.workerScript };
    await scanTargets(targets, { settings, keyTexts, now }, options, (result) => report.add(result));
    report.addUnreadableFolders(unreadableFolders.sort());
  }
  const summary = report.summary();
  const rest = report.end(io.version, `${pathToFileURL(io.cwd).href}/`);
  if (args.output !== undefined) {
    try {
      writeFileSync(resolve(io.cwd, args.output), rest);
    } catch (error) {
      throw ioError(error, 'output file', args.output, 'write');
    }
  } else {
    io.stdout(rest);
  }
  if (args.format !== 'text' || args.output !== undefined) {
    io.stderr(`${summaryLine(summary)}\n`);
  }
  if (args.writeBaseline !== undefined) {
    writeBaseline(args.writeBaseline, io.cwd, triage.recorded);
    const count = triage.recorded.length;
    io.stderr(`Baseline written to ${args.writeBaseline}: ${count} ${count === 1 ? 'finding' : 'findings'}.\n`);
  }
  return failsAt(summary, args.failOn) ? EXIT_FINDINGS : EXIT_CLEAN;
}

/**
 * A scan's report, built as results come in: text findings go straight to `stream` when there is
 * one (stdout); otherwise, and for JSON and SARIF, each file's part is kept as a rendered string,
 * never as the objects (a finding holds nothing of its file's text).
 */
class ScanReport {
  private readonly tally = new SummaryTally();
  /** Files with a verified live token: reported before the rest. */
  private readonly first: string[] = [];
  private readonly rest: string[] = [];

  constructor(
    private readonly format: OutputFormat,
    private readonly stream: ((text: string) => void) | undefined,
    private readonly triage: Triage,
  ) {}

  add(found: FileResult): void {
    const result = this.triage.apply(found);
    this.tally.add(result);
    const parts = result.tokens.some((token) => liveState(token) === 'verified') ? this.first : this.rest;
    if (this.format === 'text') {
      const text = textFindings(result);
      if (text !== '') {
        if (this.stream) {
          this.stream(text);
        } else {
          parts.push(text);
        }
      }
    } else if (this.format === 'json') {
      const entry = jsonFile(result);
      if (entry !== undefined) {
        parts.push(entry);
      }
    } else {
      parts.push(...sarifFileResults(result));
    }
  }

  addUnreadableFolders(folders: readonly string[]): void {
    this.tally.addUnreadableFolders(folders);
  }

  private get parts(): string[] {
    return [...this.first, ...this.rest];
  }

  summary(): ScanSummary {
    return this.tally.summary();
  }

  /** What is left to write: all of a JSON or SARIF report or of a text report kept for a file; the end of a streamed one. */
  end(version: string, root: string): string {
    const summary = this.summary();
    if (this.format === 'json') {
      return jsonReport(summary, this.parts);
    }
    if (this.format === 'sarif') {
      return sarifReport(this.parts, version, root);
    }
    return this.parts.join('') + textEnd(summary);
  }
}

function readToken(given: string, io: CliIo): DecodedToken {
  const text = given === '-' ? io.stdin() : given;
  return decodeToken(text.trim());
}

export async function runDecode(args: TokenArgs, io: CliIo): Promise<number> {
  const decoded = readToken(args.token, io);
  if (!decoded.header) {
    io.stderr(`Not a token: ${oneLine(decoded.error?.message ?? 'it does not decode', 200)}\n`);
    return EXIT_FINDINGS;
  }
  // No stored keys: only what the token checks by itself (a Key Binding JWT, a DPoP proof's own key).
  const verdict = judge(decoded, await verifyToken(decoded, []), { now: io.now() });
  const time = verdict.time;
  if (args.format === 'json') {
    const summary = { sdJwt: sdJwtSummary(verdict), dpop: dpopSummary(verdict) };
    io.stdout(
      `${safeJson({ header: decoded.header, payload: decoded.payload ?? null, status: time.summary, error: decoded.error?.message, ...summary }, 2)}\n`,
    );
  } else {
    const kind = tokenKind(verdict) === 'JWS' ? 'JWT' : tokenKind(verdict);
    const lines = [`${kind} ${oneLine(String(decoded.header.alg), 20)} · ${decoded.kind === 'jwe' ? 'encrypted' : time.summary}`];
    if (decoded.error) {
      lines.push(`✗ ${oneLine(decoded.error.message)}`);
    }
    lines.push(...formatTextLines(verdict));
    lines.push('', 'Header', safeJson(decoded.header, 2));
    if (decoded.payload) {
      lines.push('', verdict.sdJwt ? 'Issuer-signed payload' : 'Payload', safeJson(decoded.payload, 2));
    }
    io.stdout(`${lines.join('\n')}\n`);
  }
  return decoded.error ? EXIT_FINDINGS : EXIT_CLEAN;
}

export async function runVerify(args: TokenArgs, io: CliIo): Promise<number> {
  const settings = loadSettings(args.config, args.rules, io.cwd);
  const keys = await verificationKeys(readKeyTexts(args.keys, io.env, io.cwd));
  if (keys.length === 0) {
    throw new CliError('No keys: pass --keys <file> or set JWT_LENS_KEYS (jwt-lens verify --help).');
  }
  const decoded = readToken(args.token, io);
  const now = io.now();
  const signature = await new Verifier(keys).verify(decoded);
  const verdict = judge(decoded, signature, judgeOptions(settings, now));
  // Whoever runs verify holds the token on purpose: "live" is for a token found in files.
  const findings = applyCodeLevels(tokenFindings(verdict, { ...settings.diagnostics, liveToken: 'off' }), settings.codeLevels);
  const ok = signature.status === 'valid' && (verdict.time.state === 'valid' || verdict.time.state === 'no-expiry') && !verdict.unjudged;
  if (args.format === 'json') {
    const exp = numericDate(decoded.payload, 'exp');
    io.stdout(
      `${safeJson({ valid: ok, status: lensTitle(verdict), signature: signature.status, key: signature.key?.label, message: signature.message, time: verdict.time.state, expires: exp !== undefined ? isoUtc(exp) : undefined, findings }, 2)}\n`,
    );
  } else {
    const exp = numericDate(decoded.payload, 'exp');
    const lines = [lensTitle(verdict)];
    if (decoded.header && decoded.kind === 'jws' && !decoded.error) {
      lines.push(`${capitalise(verdict.time.summary)}${exp !== undefined ? ` — ${isoUtc(exp)}` : ''}`);
    }
    lines.push(oneLine(signature.message));
    for (const finding of findings) {
      lines.push(`  ${finding.level.padEnd(11)} ${finding.code}  ${finding.message}`);
    }
    io.stdout(`${lines.join('\n')}\n`);
  }
  return ok ? EXIT_CLEAN : EXIT_FINDINGS;
}

export async function runSign(args: SignArgs, io: CliIo): Promise<number> {
  if (args.preset !== undefined) {
    const template = CLAIMS_TEMPLATES.find((candidate) => candidate.id === args.preset);
    if (!template) {
      throw new CliError(`No preset "${args.preset}". Use ${CLAIMS_TEMPLATES.map((candidate) => candidate.id).join(', ')}.`);
    }
    io.stdout(template.content);
    return EXIT_CLEAN;
  }
  const path = args.claims!;
  let text: string;
  try {
    text = readFileSync(resolve(io.cwd, path), 'utf8');
  } catch (error) {
    throw ioError(error, 'claims file', path);
  }
  const now = io.now();
  const parsed = parseClaimsFile(text, now);
  if (!parsed.ok) {
    const { line, column, message } = parsed.error;
    throw new CliError(`${path}${line !== undefined ? `:${line}:${column}` : ''}: ${message}`);
  }
  const { payload, options } = parsed.claims;
  const key = await signingKey(args.key, io.env, io.cwd, args.kid ?? options.key);
  const alg = args.alg ?? options.alg ?? key.alg ?? key.algorithms.sign[0];
  if (alg === undefined) {
    throw new CliError(
      `Key ${key.label} cannot sign: ${key.type === 'oct' ? 'the secret is too short for any HMAC algorithm' : 'no algorithm allows it'}.`,
    );
  }
  const result = await signToken({ payload, alg, key, header: options.header, kid: args.kid ?? key.kid, kidIn: options.kidIn });
  if (!result.ok) {
    throw new CliError(result.error.message);
  }
  if (args.url) {
    const { url, reason } = signedUrlFor(payload, result.jwt);
    if (url === undefined) {
      throw new CliError(
        `No signed URL for these claims: ${reason ?? 'Mux playback (aud v, t, g or s with sub) and FastPix (aud media:<id>) have one'}.`,
      );
    }
    io.stdout(`${url}\n`);
  } else {
    io.stdout(`${result.jwt}\n`);
  }
  return EXIT_CLEAN;
}
