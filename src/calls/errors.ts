// No 'vscode' here, and nothing heavy: readers in any bundle import it.

/** The directory was asked for a status while no API key is set. */
export class NoApiKeyError extends Error {
  constructor() {
    super('No API key');
    this.name = 'NoApiKeyError';
  }
}

/**
 * By name, not `instanceof`: the directory is built in the startup bundle and its readers may run in
 * another (dist/features.js), each with its own copy of the class.
 */
export function isNoApiKeyError(error: unknown): boolean {
  return error instanceof Error && error.name === 'NoApiKeyError';
}
