import { frontDeskMutations } from './front-desk/front-desk-mutations';
import { addStudentNote, createMember, deleteStudentNote, updateMember } from './member-mutations';
import type { MutationDefinition } from './mutation-definition';
import { createMutationRegistry } from './mutation-registry';

/** Every mutation the product knows; the desk and the server share this registry. */
export const allMutations: readonly MutationDefinition[] = [
  createMember,
  updateMember,
  addStudentNote,
  deleteStudentNote,
  ...frontDeskMutations,
];

export const mutationRegistry = createMutationRegistry(allMutations);
