/** A refused admin command: a stable code and a sentence naming what to fix. Nothing changed. */
export class AdminError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'AdminError';
  }
}
