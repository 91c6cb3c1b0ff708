import { useRef, useState } from 'react';
import { useDesk } from '../../desk/desk-context';
import { ErrorNote } from '../../shell/error-note';
import { TextField } from '../../shell/text-field';
import { isLeadSource, leadSources, sourceLabel } from './lead-labels';

const EMPTY = { name: '', phone: '', email: '', sourceDetail: '', note: '' };

/**
 * "New lead": a name and a phone or an e-mail are enough; Enter saves. The source stays as
 * last chosen, so a run of walk-ins is typed without touching it. The desk checks the
 * fields (lead.capture) and its refusal is shown under the form.
 */
export function NewLeadForm(props: { readonly onCaptured: (leadId: string) => void }) {
  const desk = useDesk();
  const [fields, setFields] = useState(EMPTY);
  const [source, setSource] = useState<string>('walk_in');
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const nameInput = useRef<HTMLInputElement>(null);
  const set = (key: keyof typeof EMPTY) => (value: string) => {
    setFields((f) => ({ ...f, [key]: value }));
  };
  const optional = (text: string) => (text.trim() === '' ? undefined : text);

  const save = async () => {
    setError(null);
    setSaved(null);
    try {
      const { leadId } = await desk.mutate('lead.capture', {
        name: fields.name,
        phone: optional(fields.phone),
        email: optional(fields.email),
        source: isLeadSource(source) ? source : 'other',
        sourceDetail: optional(fields.sourceDetail),
        note: optional(fields.note),
      });
      setSaved(fields.name.trim());
      setFields(EMPTY);
      props.onCaptured(leadId);
      nameInput.current?.focus();
    } catch (failure) {
      setError(failure);
    }
  };

  return (
    <form
      aria-label="New lead"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <h2>New lead</h2>
      <div className="row">
        <label>
          Name
          <input
            ref={nameInput}
            autoComplete="off"
            value={fields.name}
            onChange={(e) => {
              set('name')(e.target.value);
            }}
          />
        </label>
        <TextField
          label="Phone"
          type="tel"
          autoComplete="off"
          value={fields.phone}
          onChange={set('phone')}
        />
        <TextField
          label="E-mail"
          type="email"
          autoComplete="off"
          value={fields.email}
          onChange={set('email')}
        />
      </div>
      <div className="row">
        <label>
          Source
          <select
            value={source}
            onChange={(e) => {
              setSource(e.target.value);
            }}
          >
            {leadSources.map((s) => (
              <option key={s} value={s}>
                {sourceLabel(s)}
              </option>
            ))}
          </select>
        </label>
        <TextField
          label="Source details"
          autoComplete="off"
          value={fields.sourceDetail}
          onChange={set('sourceDetail')}
        />
        <TextField label="Note" autoComplete="off" value={fields.note} onChange={set('note')} />
        <button type="submit">Save lead</button>
      </div>
      <ErrorNote error={error} />
      {saved !== null && (
        <p className="result ok" role="status">
          Lead saved: {saved}
        </p>
      )}
    </form>
  );
}
