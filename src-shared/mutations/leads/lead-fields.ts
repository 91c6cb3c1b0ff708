import { z } from 'zod';

/** Where a lead came from; `other` (or any of them) may carry free text (`sourceDetail`). */
export const LEAD_SOURCES = [
  'walk_in',
  'phone',
  'website',
  'referral',
  'social',
  'event',
  'other',
] as const;

export type LeadSource = (typeof LEAD_SOURCES)[number];

/** Statuses a lead moves through (leads.status); `trial` reads "trial booked". */
export const LEAD_STATUSES = ['new', 'contacted', 'trial', 'converted', 'lost'] as const;

export type LeadStatus = (typeof LEAD_STATUSES)[number];

export const leadName = z.string().trim().min(1, 'a lead needs a name').max(100);

/** Stored lower-case, as members' e-mails are, so a search and a clash check find it. */
export const leadEmail = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ error: 'that is not an e-mail address' }).max(254));

/** Digits with the usual separators; at least three digits, so "n/a" is refused. */
export const leadPhone = z
  .string()
  .trim()
  .max(40)
  .regex(/^\+?[0-9 ().\-/]+$/, { error: 'a phone number holds digits, spaces and + ( ) . - /' })
  .refine((phone) => phone.replace(/[^0-9]/g, '').length >= 3, {
    error: 'a phone number has at least 3 digits',
  });

export const leadSource = z.enum(LEAD_SOURCES);
export const leadSourceDetail = z.string().trim().min(1).max(200);
export const leadNote = z.string().trim().min(1, 'a note cannot be empty').max(4000);
export const lostReason = z.string().trim().min(1, 'say why the lead was lost').max(200);

/** Name plus at least one way to reach them: what the desk needs to follow a lead up. */
export function hasContact(lead: {
  readonly email?: string | null | undefined;
  readonly phone?: string | null | undefined;
}): boolean {
  return Boolean(lead.email) || Boolean(lead.phone);
}

export const NO_CONTACT = 'give an e-mail or a phone number';
