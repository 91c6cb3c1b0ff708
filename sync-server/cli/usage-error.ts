/** Bad arguments: exit code 2, nothing opened, nothing changed. */
export class UsageError extends Error {}
