import { convertLead } from './lead-convert-mutations';
import { addLeadNote, captureLead, markLeadLost, updateLead } from './lead-mutations';
import { bookLeadTrial } from './lead-trial-mutations';

/** The desk's lead pipeline (issue 20, PROTOCOL.md R18). */
export const leadMutations = [
  captureLead,
  updateLead,
  addLeadNote,
  bookLeadTrial,
  convertLead,
  markLeadLost,
] as const;
