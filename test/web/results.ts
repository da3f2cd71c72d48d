// What the web worker suite reports, and the prefix of the console line that carries it to the
// launcher (the worker cannot write a file).
export const RESULTS_MARKER = 'JWT_LENS_WEB_RESULTS ';

export interface WebResults {
  passes: number;
  failures: number;
  pending: number;
  report: string[];
}
