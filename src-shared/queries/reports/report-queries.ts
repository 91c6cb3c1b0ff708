import type { QueryDefinition } from '../query-definition';
import { reportDayClose } from './day-close-query';
import { reportLiabilities } from './liabilities-query';

/** The owner's reports (issue 19): the day close across desks, and liabilities. */
export const reportQueries = [
  reportDayClose,
  reportLiabilities,
] as const satisfies readonly QueryDefinition[];
