import type { MutationDefinition } from '../mutation-definition';
import { appointmentBookingMutations } from './appointment-mutations';
import { serviceMutations } from './appointment-service-mutations';
import { availabilityMutations } from './staff-availability-mutations';

/**
 * Appointments (issue 18): managers define services and staff hours; the desk books,
 * moves, cancels and settles appointments in free slots.
 */
export const appointmentMutations = [
  ...serviceMutations,
  ...availabilityMutations,
  ...appointmentBookingMutations,
] as const satisfies readonly MutationDefinition[];
