import { MutationRefusal, type MutationDefinition } from './mutation-definition';

export type MutationRegistry = ReadonlyMap<string, MutationDefinition>;

/** Collects definitions by name; two definitions with one name is a programming error. */
export function createMutationRegistry(
  definitions: readonly MutationDefinition[],
): MutationRegistry {
  const registry = new Map<string, MutationDefinition>();
  for (const definition of definitions) {
    if (registry.has(definition.name))
      throw new Error(`mutation ${definition.name} is defined twice`);
    registry.set(definition.name, definition);
  }
  return registry;
}

export function findMutation(registry: MutationRegistry, name: string): MutationDefinition {
  const definition = registry.get(name);
  if (!definition) throw new MutationRefusal('unknown_mutation', `no mutation is named "${name}"`);
  return definition;
}
