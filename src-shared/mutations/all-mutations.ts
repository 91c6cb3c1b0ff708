import { catalogueMutations } from './console/catalogue-mutations';
import { studioMutations } from './console/studio-mutations';
import { frontDeskMutations } from './front-desk/front-desk-mutations';
import { addStudentNote, createMember, deleteStudentNote, updateMember } from './member-mutations';
import { memberPhotoMutations } from './member-photo-mutations';
import type { MutationDefinition } from './mutation-definition';
import { createMutationRegistry } from './mutation-registry';
import { reviewMutations } from './console/review-mutations';
import { automationMutations } from './console/automation-mutations';
import { appointmentMutations } from './appointments/all-appointment-mutations';
import { autopayMutations } from './memberships/autopay-mutations';
import { leadMutations } from './leads/all-lead-mutations';
import { progressMutations } from './progress/all-progress-mutations';
import { chatMutations } from './chat/all-chat-mutations';

/**
 * Every mutation the product knows; the desk and the server share this registry. Each entry
 * keeps its own type, from which `MutationArgs` and `MutationResult` derive what a caller
 * sends and gets (src-shared/bridge/desk-operations.ts).
 */
export const allMutations = [
  createMember,
  updateMember,
  addStudentNote,
  deleteStudentNote,
  ...frontDeskMutations,
  ...studioMutations,
  ...catalogueMutations,
  ...memberPhotoMutations,
  ...appointmentMutations,
  ...autopayMutations,
  ...reviewMutations,
  ...automationMutations,
  ...leadMutations,
  ...progressMutations,
  ...chatMutations,
] as const satisfies readonly MutationDefinition[];

export const mutationRegistry = createMutationRegistry(allMutations);
