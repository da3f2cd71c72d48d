// The one shape of an answer that can fail, for every core function that can: what it made, or why
// not. The core never throws for bad input (see util/errors.ts); callers branch on `ok`, then on the
// error's own code type (each result keeps its own: SignErrorCode, KeyErrorCode, …).

/**
 * `T` holds the success members under their own names (`{ token }`, `{ keys }`, `{ value }`), so
 * a result reads as what it carries; `E` is the error, always under `error`.
 */
export type Result<T extends object, E> = ({ readonly ok: true } & Readonly<T>) | { readonly ok: false; readonly error: E };
