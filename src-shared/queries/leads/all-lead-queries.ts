import { leadDetail, leadList, memberLeadHistory } from './lead-queries';
import { trialClasses } from './trial-class-queries';

/** The desk's lead pipeline reads (issue 20). */
export const leadQueries = [leadList, leadDetail, memberLeadHistory, trialClasses] as const;
