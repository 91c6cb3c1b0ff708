import { catalogueQueries } from './console/catalogue-queries';
import { studioQueries } from './console/studio-queries';
import { automationQueries } from './console/automation-queries';
import { deskScreensQueries } from './desk-screens/desk-screens-queries';
import { frontDeskQueries } from './front-desk/front-desk-queries';
import { memberNotes } from './member-queries';
import { memberPhoto } from './member-photo-queries';
import type { QueryDefinition } from './query-definition';
import { auditQueries } from './console/audit-queries';
import { reviewQueries } from './console/review-queries';
import { classSeriesQueries } from './console/class-series-queries';
import { appointmentQueries } from './appointments/appointment-queries';
import { membershipQueries } from './front-desk/membership-queries';
import { memberFeeQueries } from './front-desk/member-fee-queries';
import { autopayQueries } from './memberships/autopay-queries';
import { reportQueries } from './reports/report-queries';
import { leadQueries } from './leads/all-lead-queries';
import { featureQueries } from './features/feature-queries';
import { progressQueries } from './progress/progress-queries';
import { chatQueries } from './chat/chat-queries';

/** Every named read the desk offers; each entry keeps its own type (QueryArgs, QueryResult). */
export const allQueries = [
  memberNotes,
  ...frontDeskQueries,
  ...deskScreensQueries,
  ...studioQueries,
  ...automationQueries,
  ...catalogueQueries,
  memberPhoto,
  ...appointmentQueries,
  ...membershipQueries,
  ...classSeriesQueries,
  ...autopayQueries,
  ...memberFeeQueries,
  ...reportQueries,
  ...reviewQueries,
  ...auditQueries,
  ...featureQueries,
  ...leadQueries,
  ...progressQueries,
  ...chatQueries,
] as const satisfies readonly QueryDefinition[];

export const queryRegistry: ReadonlyMap<string, QueryDefinition> = new Map(
  allQueries.map((q) => [q.name, q]),
);
