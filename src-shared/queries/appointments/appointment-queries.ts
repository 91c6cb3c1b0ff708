import type { QueryDefinition } from '../query-definition';
import { appointmentDay } from './appointment-day-queries';
import { appointmentServices, staffAvailabilityOf } from './appointment-service-queries';
import { appointmentFreeSlots } from './appointment-slot-queries';

/** The reads of the appointment screens (issue 18). */
export const appointmentQueries = [
  appointmentServices,
  staffAvailabilityOf,
  appointmentFreeSlots,
  appointmentDay,
] as const satisfies readonly QueryDefinition[];
