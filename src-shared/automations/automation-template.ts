/**
 * Merge fields in an automation's subject and body: `{{firstName}}`, with optional spaces.
 * A field the send does not know is left empty rather than shown as braces to a member.
 */
export const MERGE_FIELDS = [
  'firstName',
  'lastName',
  'studio',
  'className',
  'classTime',
  'creditsLeft',
  'packName',
  'planName',
  'endsOn',
  'daysSinceVisit',
  'unsubscribeUrl',
  'notificationsUrl',
  // The member's own progress page (R21.5).
  'progressUrl',
  // The member's conversation with the studio: write and read replies (R22.5).
  'messagesUrl',
] as const;

export type MergeField = (typeof MERGE_FIELDS)[number];
export type MergeValues = Partial<Record<MergeField, string>>;

const FIELD = /\{\{\s*([A-Za-z]+)\s*\}\}/g;

export function fillTemplate(template: string, values: MergeValues): string {
  return template.replace(FIELD, (_match, name: string) =>
    Object.hasOwn(values, name) ? (values[name as MergeField] ?? '') : '',
  );
}

/** The merge fields a template names that no send fills (for the owner's editor). */
export function unknownFields(template: string): string[] {
  const known = new Set<string>(MERGE_FIELDS);
  return [...template.matchAll(FIELD)].map((m) => m[1] ?? '').filter((n) => !known.has(n));
}

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}
