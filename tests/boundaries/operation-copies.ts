// Finds hand-written copies of what the shared registry declares, in source text: a type
// whose members are a mutation's arguments, and a mutation's name written out in code that
// should read it from a definition. Parsed with TypeScript's own parser, nothing type-checked.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { z } from 'zod';
import { allMutations } from '../../src-shared/mutations/all-mutations';

/** A mutation's top-level argument names: all of them, and those a call must give. */
export interface ArgumentKeys {
  readonly mutation: string;
  readonly all: ReadonlySet<string>;
  readonly required: ReadonlySet<string>;
}

/** What this scan reads of an argument schema's JSON Schema. */
interface ObjectShape {
  readonly properties?: Record<string, unknown>;
  readonly required?: readonly string[];
}

/** One set of keys per shape the arguments may take: each variant of a union its own. */
export function mutationArgumentKeys(): ArgumentKeys[] {
  return allMutations.flatMap((definition) => {
    const schema = z.toJSONSchema(definition.args, { io: 'input' });
    const variants: readonly ObjectShape[] = schema.oneOf ?? schema.anyOf ?? [schema];
    return variants.map((variant) => ({
      mutation: definition.name,
      all: new Set(Object.keys(variant.properties ?? {})),
      required: new Set(variant.required ?? []),
    }));
  });
}

export interface Finding {
  readonly file: string;
  readonly line: number;
  readonly what: string;
}

function memberNames(members: ts.NodeArray<ts.TypeElement>): string[] {
  return members.flatMap((member) =>
    member.name !== undefined && (ts.isIdentifier(member.name) || ts.isStringLiteral(member.name))
      ? [member.name.text]
      : [],
  );
}

function lineOf(source: ts.SourceFile, node: ts.Node): number {
  return source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
}

/**
 * Interfaces and object types that restate a mutation's arguments: every argument a call
 * must give (two or more, so `{ bookingId }` alone is no copy) and nothing the mutation
 * does not take.
 */
export function argumentCopies(
  file: string,
  text: string,
  keys: readonly ArgumentKeys[],
): Finding[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const findings: Finding[] = [];
  const visit = (node: ts.Node) => {
    const members =
      ts.isInterfaceDeclaration(node) || ts.isTypeLiteralNode(node) ? node.members : undefined;
    if (members) {
      const names = memberNames(members);
      const copied = new Set<string>();
      for (const mutation of keys) {
        if (mutation.required.size < 2 || names.length < mutation.required.size) continue;
        if (
          [...mutation.required].every((key) => names.includes(key)) &&
          names.every((name) => mutation.all.has(name))
        ) {
          copied.add(mutation.mutation);
        }
      }
      for (const mutation of copied) {
        findings.push({
          file,
          line: lineOf(source, node),
          what: `the arguments of ${mutation} (${names.join(', ')})`,
        });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return findings;
}

/** String literals that are a registered mutation's name. */
export function mutationNames(file: string, text: string): Finding[] {
  const registered = new Set<string>(allMutations.map((definition) => definition.name));
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const findings: Finding[] = [];
  const visit = (node: ts.Node) => {
    if (
      (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) &&
      registered.has(node.text)
    ) {
      findings.push({ file, line: lineOf(source, node), what: `the name ${node.text}` });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return findings;
}

/** The TypeScript sources under `folder` (relative to `root`), tests left out. */
export function sourceFiles(root: string, folder: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(path.join(root, folder), { recursive: true, encoding: 'utf8' });
  } catch {
    return []; // a folder this checkout does not have
  }
  return entries
    .filter((entry) => /\.tsx?$/.test(entry) && !/\.test\.tsx?$/.test(entry))
    .map((entry) => path.join(folder, entry))
    .sort();
}

export function scan(
  root: string,
  folders: readonly string[],
  find: (file: string, text: string) => Finding[],
): Finding[] {
  return folders.flatMap((folder) =>
    sourceFiles(root, folder).flatMap((file) => {
      let text: string;
      try {
        text = readFileSync(path.join(root, file), 'utf8');
      } catch {
        return []; // a fixture another boundary test removed meanwhile
      }
      return find(file, text);
    }),
  );
}
