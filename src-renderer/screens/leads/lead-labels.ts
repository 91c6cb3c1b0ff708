import type { MutationArgs } from '../../../src-shared/bridge/desk-operations';
import {
  LEAD_SOURCES,
  LEAD_STATUSES,
  type LeadSource,
  type LeadStatus,
} from '../../../src-shared/mutations/leads/lead-fields';

const STATUS_LABELS: Record<LeadStatus, string> = {
  new: 'New',
  contacted: 'Contacted',
  trial: 'Trial booked',
  converted: 'Converted',
  lost: 'Lost',
};

const SOURCE_LABELS: Record<LeadSource, string> = {
  walk_in: 'Walk-in',
  phone: 'Phone',
  website: 'Website',
  referral: 'Referral',
  social: 'Social media',
  event: 'Event',
  other: 'Other',
};

export const leadStatuses = LEAD_STATUSES;
export const leadSources = LEAD_SOURCES;

export const statusLabel = (status: LeadStatus): string => STATUS_LABELS[status];

const isKnownSource = (source: string): source is LeadSource =>
  (LEAD_SOURCES as readonly string[]).includes(source);

/** A source of the desk's list by its label; any other text (older rows) as it is. */
export function sourceLabel(source: string | null): string {
  if (source === null) return '—';
  return isKnownSource(source) ? SOURCE_LABELS[source] : source;
}

export function isLeadSource(value: string): value is LeadSource {
  return isKnownSource(value);
}

/** A lead's one name field as a member's first and last name: "Ana María López" → "Ana", "María López". */
export function splitName(
  name: string,
): Pick<MutationArgs<'member.create'>, 'firstName' | 'lastName'> {
  const parts = name.trim().split(/\s+/);
  const [firstName = '', ...rest] = parts;
  return { firstName, lastName: rest.join(' ') };
}
