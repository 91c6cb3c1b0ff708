import { editOf } from './console-input';

type Edit<V> = NonNullable<ReturnType<typeof editOf<V & { readonly active: boolean }>>>;

/**
 * The save of a catalogue form. With nothing opened it creates the row from `values`.
 * Otherwise it sends only the fields changed, each with the value the form was opened with
 * (`basedOn`), so the offline conflict rule can tell the owner when another desk changed it
 * first; what now stands becomes what the next edit is based on (`reopen`).
 * Answers the form's status line.
 */
export async function createOrEdit<Row, V extends Readonly<Record<string, unknown>>>(step: {
  readonly opened: Row | null;
  readonly values: V;
  readonly active: boolean;
  /** The opened row's values, as the form's `values` name them. */
  readonly before: (row: Row) => V & { readonly active: boolean };
  readonly create: (values: V) => Promise<unknown>;
  readonly update: (row: Row, edit: Edit<V>) => Promise<unknown>;
  readonly reopen: (row: Row) => void;
  readonly name: string;
}): Promise<string> {
  const { opened, values } = step;
  if (opened === null) {
    await step.create(values);
    return `${step.name} added.`;
  }
  const edit = editOf(step.before(opened), { ...values, active: step.active });
  if (edit === null) return 'Nothing changed.';
  await step.update(opened, edit);
  step.reopen({ ...opened, ...edit.set });
  return `${step.name} saved.`;
}
