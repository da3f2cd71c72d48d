// Path pieces of a URI's path (always '/'-separated), without node:path, which vscode.dev lacks.

/** The last segment of a '/'-separated path: "keys/mux.pem" → "mux.pem". */
export function baseName(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}
