import type { QueryDefinition } from '../query-definition';
import { auditEntries, verifyAudit } from './audit-queries';
import { bookingOptions, classRoster } from './booking-queries';
import { currentDrawer, drawerXReport, drawerZReport } from './drawer-queries';
import { giftCardBalance } from './gift-card-queries';
import { findMembers } from './member-find-queries';
import { memberGlance } from './member-glance-queries';
import { quoteSale } from './pos-queries';
import { orderReceipt, refundReceipt, xReportReceipt, zReportReceipt } from './receipt-queries';

/** The front desk's named reads (issue 4), registered in all-queries.ts. */
export const frontDeskQueries = [
  findMembers,
  memberGlance,
  giftCardBalance,
  quoteSale,
  bookingOptions,
  classRoster,
  currentDrawer,
  drawerXReport,
  drawerZReport,
  orderReceipt,
  refundReceipt,
  zReportReceipt,
  xReportReceipt,
  verifyAudit,
  auditEntries,
] as const satisfies readonly QueryDefinition[];
