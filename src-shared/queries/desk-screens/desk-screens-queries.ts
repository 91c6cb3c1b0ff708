import type { QueryDefinition } from '../query-definition';
import { memberProfile } from './member-profile-queries';
import { memberPurchases } from './member-purchases-queries';
import { posCatalog, recentOrders } from './pos-catalog-queries';
import { scheduleDay } from './schedule-day-queries';

/** The reads the desk's screens need beyond the front-desk ones (issue 5). */
export const deskScreensQueries = [
  scheduleDay,
  posCatalog,
  recentOrders,
  memberProfile,
  memberPurchases,
] as const satisfies readonly QueryDefinition[];
