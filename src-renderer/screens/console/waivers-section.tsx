import { useState } from 'react';
import type { SyntheticEvent } from 'react';
import type { QueryResult } from '../../../src-shared/bridge/desk-operations';
import { useDesk, useDeskQuery } from '../../desk/desk-context';
import { useStudioTime } from '../../desk/use-studio-time';
import { ErrorNote } from '../../shell/error-note';
import { CheckField, Field, FormFoot, TextAreaField } from './console-fields';
import { lastSegmentIn, type FieldErrors } from './console-refusals';
import { useSubmit } from './use-submit';
import { useTextForm } from './use-text-form';

type Waiver = QueryResult<'catalogue.waivers'>[number];
const FIELDS = ['title', 'body'] as const;
type WaiverField = (typeof FIELDS)[number];
const fieldOf = lastSegmentIn(FIELDS);

function check(t: Readonly<Record<WaiverField, string>>): FieldErrors<WaiverField> {
  const errors: FieldErrors<WaiverField> = {};
  if (t.title.trim() === '') errors.title = 'Enter the waiver’s title.';
  if (t.body.trim() === '') errors.body = 'Enter the text members sign.';
  return errors;
}

/**
 * Waivers (`catalogue.waivers`, `waiver.createTemplate`, `waiver.newVersion`). A changed
 * waiver is a new version: every member signs it again; old signatures stay on record.
 */
export function WaiversSection() {
  const waivers = useDeskQuery('catalogue.waivers', {});
  const clock = useStudioTime();
  const [editing, setEditing] = useState<string | null>(null);
  // The new version replaces the one being edited, so its form closes: the news stays here.
  const [published, setPublished] = useState<string | null>(null);
  const chosen = waivers.data?.find((w) => w.templateId === editing && w.active);
  return (
    <div className="columns">
      <section className="card" aria-label="Waivers">
        <h3>Waivers</h3>
        <ErrorNote error={waivers.error} />
        {published !== null && <p role="status">{published}</p>}
        <ul className="console-list">
          {waivers.data?.map((w) => (
            <li key={w.templateId} className={w.active ? '' : 'muted'}>
              {w.title}, version {w.version}
              {w.required ? ', required' : ''}
              {w.active ? ' (in use)' : ` (replaced; from ${clock.dateTime(w.createdAt)})`}{' '}
              {w.active && (
                <button
                  type="button"
                  className="link"
                  onClick={() => {
                    setPublished(null);
                    setEditing(w.templateId);
                  }}
                >
                  New version of {w.title}
                </button>
              )}
            </li>
          ))}
        </ul>
      </section>
      <div>
        {chosen && (
          <WaiverForm
            key={chosen.templateId}
            waiver={chosen}
            onClose={(news) => {
              setEditing(null);
              setPublished(news ?? null);
            }}
          />
        )}
        <WaiverForm waiver={null} onClose={() => undefined} />
      </div>
    </div>
  );
}

function WaiverForm(props: {
  readonly waiver: Waiver | null;
  readonly onClose: (news?: string) => void;
}) {
  const desk = useDesk();
  const { waiver } = props;
  const submit = useSubmit(fieldOf);
  const { text, setText, bind } = useTextForm<WaiverField>(
    { title: waiver?.title ?? '', body: waiver?.body ?? '' },
    submit.fieldErrors,
  );
  const [required, setRequired] = useState(waiver?.required ?? true);
  const label = waiver ? `New version of ${waiver.title}` : 'Add a waiver';

  const save = (event: SyntheticEvent) => {
    event.preventDefault();
    void submit.run(
      () => check(text),
      async () => {
        const title = text.title.trim();
        if (waiver === null) {
          await desk.mutate('waiver.createTemplate', { title, body: text.body.trim(), required });
          setText({ title: '', body: '' });
          return `${title} added.`;
        }
        const made = await desk.mutate('waiver.newVersion', {
          templateId: waiver.templateId,
          body: text.body.trim(),
          ...(title === waiver.title ? {} : { title }),
          ...(required === waiver.required ? {} : { required }),
        });
        const news = `${title} version ${made.version} is in use; members sign it again.`;
        props.onClose(news);
        return news;
      },
    );
  };

  return (
    <form className="card" aria-label={label} onSubmit={save} noValidate>
      <h3>{label}</h3>
      <Field label="Waiver title" {...bind('title')} />
      <TextAreaField label="Waiver text" rows={8} {...bind('body')} />
      <CheckField label="Required before check-in" checked={required} onChange={setRequired} />
      <FormFoot
        submit={submit}
        action={waiver ? 'Publish new version' : 'Add waiver'}
        onClose={
          waiver
            ? () => {
                props.onClose();
              }
            : undefined
        }
      />
    </form>
  );
}
