import type { ClassChoices } from './class-form';
import { CheckField } from './console-fields';

type Ids = readonly string[];

/** Which plans and packs pay for a series' classes, as class-form.tsx offers them for one. */
export function SeriesPaidBy(props: {
  readonly choices: ClassChoices;
  readonly planIds: Ids;
  readonly packIds: Ids;
  readonly onPlans: (change: (ids: Ids) => Ids) => void;
  readonly onPacks: (change: (ids: Ids) => Ids) => void;
}) {
  const toggle = (set: (change: (ids: Ids) => Ids) => void, id: string) => (on: boolean) => {
    set((ids) => (on ? [...ids, id] : ids.filter((x) => x !== id)));
  };
  return (
    <fieldset>
      <legend>Paid by (none ticked: any plan or pack)</legend>
      {props.choices.plans.map(([id, name]) => (
        <CheckField
          key={id}
          label={`Plan: ${name}`}
          checked={props.planIds.includes(id)}
          onChange={toggle(props.onPlans, id)}
        />
      ))}
      {props.choices.packs.map(([id, name]) => (
        <CheckField
          key={id}
          label={`Pack: ${name}`}
          checked={props.packIds.includes(id)}
          onChange={toggle(props.onPacks, id)}
        />
      ))}
    </fieldset>
  );
}
