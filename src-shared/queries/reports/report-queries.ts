import type { QueryDefinition } from '../query-definition';
import { reportDayClose } from './day-close-query';
import { reportLiabilities } from './liabilities-query';
import { reportAttendance } from './attendance-query';
import { reportMembers } from './members-query';
import { reportSalesByDay } from './sales-by-day-query';
import { reportCardReconciliation } from './card-reconciliation-query';

/** The owner's reports (issue 19): the day close across desks, and liabilities. */
export const reportQueries = [
  reportDayClose,
  reportLiabilities,
  reportSalesByDay,
  reportAttendance,
  reportMembers,
  reportCardReconciliation,
] as const satisfies readonly QueryDefinition[];
