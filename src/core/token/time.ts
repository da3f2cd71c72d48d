// Time claims (RFC 7519 §4.1.4-6) judged against an injected clock, and durations for people.
import type { JsonObject } from './decode';

/** The clock everything time-dependent reads; tests move it. Seconds since the epoch. */
export interface Clock {
  nowSeconds(): number;
}

export const systemClock: Clock = { nowSeconds: () => Date.now() / 1000 };

/** `no-claims`: a JWS whose payload is not a claims set has no times to judge. */
export type TimeState = 'expired' | 'not-yet-valid' | 'valid' | 'no-expiry' | 'no-claims';

export interface TimeStatus {
  readonly state: TimeState;
  /** Seconds from now to the moment that matters: exp (expired/valid), nbf or iat (not-yet-valid). Negative is past. */
  readonly secondsFromNow?: number;
  /** Which claim decided a not-yet-valid state. */
  readonly claim?: 'nbf' | 'iat';
  /** One line: "expired 3 days ago", "expires in 14 min", "not valid until in 5 min", "no expiry". */
  readonly summary: string;
}

/** A NumericDate claim when it is a finite number; anything else (string, huge) is not a time. */
export function numericDate(payload: JsonObject | undefined, claim: 'exp' | 'nbf' | 'iat'): number | undefined {
  const value = payload?.[claim];
  return typeof value === 'number' && Number.isFinite(value) && Math.abs(value) < 1e13 ? value : undefined;
}

/**
 * Judges exp/nbf/iat at `now` with `toleranceSeconds` of clock skew allowed either way.
 * An `iat` in the future beyond the tolerance also makes a token not yet valid.
 */
export function timeStatus(payload: JsonObject | undefined, now: number, toleranceSeconds = 0): TimeStatus {
  const exp = numericDate(payload, 'exp');
  const nbf = numericDate(payload, 'nbf');
  const iat = numericDate(payload, 'iat');
  if (exp !== undefined && now - toleranceSeconds >= exp) {
    const ago = exp - now;
    return { state: 'expired', secondsFromNow: ago, summary: `expired ${relativeDuration(ago)}` };
  }
  for (const [claim, value] of [
    ['nbf', nbf],
    ['iat', iat],
  ] as const) {
    if (value !== undefined && value > now + toleranceSeconds) {
      const until = value - now;
      return { state: 'not-yet-valid', claim, secondsFromNow: until, summary: `not valid until ${relativeDuration(until)}` };
    }
  }
  if (exp === undefined) {
    return { state: 'no-expiry', summary: 'no expiry' };
  }
  const left = exp - now;
  return { state: 'valid', secondsFromNow: left, summary: `expires ${relativeDuration(left)}` };
}

const UNITS: ReadonlyArray<readonly [seconds: number, singular: string, plural: string]> = [
  [365 * 86400, 'year', 'years'],
  [30 * 86400, 'month', 'months'],
  [86400, 'day', 'days'],
  [3600, 'h', 'h'],
  [60, 'min', 'min'],
  [1, 's', 's'],
];

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 };
export const DURATION_UNITS = 's (seconds), m (minutes), h (hours), d (days), w (weeks)';

/** Seconds in "15m", "+1h", "7d", "90s", "-5m"; undefined when the text is not a duration. */
export function parseDuration(text: string): number | undefined {
  const match = /^\s*([+-]?)\s*(\d+(?:\.\d+)?)\s*([smhdw])\s*$/.exec(text);
  if (!match) {
    return undefined;
  }
  const seconds = Number(match[2]) * UNIT_SECONDS[match[3]];
  return match[1] === '-' ? -seconds : seconds;
}

/** "14 min", "3 days", "1 h": the largest whole unit, rounded down. */
export function humanDuration(seconds: number): string {
  const magnitude = Math.floor(Math.abs(seconds));
  if (magnitude < 1) {
    return '0 s';
  }
  for (const [size, singular, plural] of UNITS) {
    if (magnitude >= size) {
      const count = Math.floor(magnitude / size);
      return `${count} ${count === 1 ? singular : plural}`;
    }
  }
  return `${magnitude} s`;
}

/** "in 14 min" for the future, "3 days ago" for the past, "now" within a second. */
export function relativeDuration(secondsFromNow: number): string {
  if (Math.abs(secondsFromNow) < 1) {
    return 'now';
  }
  return secondsFromNow > 0 ? `in ${humanDuration(secondsFromNow)}` : `${humanDuration(secondsFromNow)} ago`;
}

/** The ISO 8601 UTC form of a NumericDate, without milliseconds: 2026-11-23T10:00:00Z. */
export function isoUtc(epochSeconds: number): string {
  const date = new Date(epochSeconds * 1000);
  return Number.isNaN(date.getTime()) ? 'out of range' : date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The same moment in the machine's local time zone, with its offset: 2026-11-23 11:00:00 GMT+1. */
export function localTime(epochSeconds: number, timeZone?: string): string {
  const date = new Date(epochSeconds * 1000);
  if (Number.isNaN(date.getTime())) {
    return 'out of range';
  }
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
    timeZoneName: 'short',
  })
    .format(date)
    .replace(',', '');
}

/**
 * Seconds from now until this token's shown status next changes wording or state (for example
 * "expires in 14 min" becoming "13 min", or valid becoming expired). Lets the UI refresh with one
 * timer to the next boundary instead of a polling loop. Undefined when nothing will change.
 */
export function secondsUntilNextChange(payload: JsonObject | undefined, now: number, toleranceSeconds = 0): number | undefined {
  const moments = [numericDate(payload, 'exp'), numericDate(payload, 'nbf'), numericDate(payload, 'iat')].filter(
    (value): value is number => value !== undefined,
  );
  let next: number | undefined;
  for (const moment of moments) {
    const distance = Math.abs(moment - now);
    // The wording changes when the whole count of the current unit changes.
    const unit = UNITS.find(([size]) => distance >= size)?.[0] ?? 1;
    const remainder = distance % unit;
    const wait = moment > now ? remainder || unit : unit - remainder;
    next = next === undefined ? wait : Math.min(next, wait);
  }
  const exp = numericDate(payload, 'exp');
  if (exp !== undefined && exp + toleranceSeconds > now) {
    next = Math.min(next ?? Infinity, exp + toleranceSeconds - now);
  }
  return next;
}
