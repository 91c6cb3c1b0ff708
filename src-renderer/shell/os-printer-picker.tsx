import { useCallback, useEffect, useState } from 'react';
import type { SystemPrinterList } from '../../src-shared/bridge/desk-methods';
import { useDesk } from '../desk/desk-context';
import { ErrorNote } from './error-note';
import { TextField } from './text-field';

/**
 * A printer the operating system offers: a CUPS queue (`system`) or a device file
 * (`device`). The text field holds the value, so a printer the list does not show (a
 * Windows share's \\computer\share path) can still be typed; the list fills it in.
 */
export function OsPrinterPicker(props: {
  readonly kind: 'system' | 'device';
  readonly value: string;
  readonly onChange: (value: string) => void;
}) {
  const { bridge } = useDesk();
  const [list, setList] = useState<SystemPrinterList | null>(null);
  const [error, setError] = useState<unknown>(null);

  const refresh = useCallback(() => {
    setError(null);
    bridge.invoke('printer.list', {}).then(setList, setError);
  }, [bridge]);
  useEffect(refresh, [refresh]);

  const system = props.kind === 'system';
  const found = (system ? list?.queues : list?.devices) ?? [];
  const listLabel = system ? 'Printer queues on this computer' : 'Printer devices on this computer';
  return (
    <>
      <TextField
        label={system ? 'Printer queue' : 'Device path'}
        placeholder={system ? 'TM-T20' : '/dev/usb/lp0'}
        value={props.value}
        onChange={props.onChange}
      />
      <div className="row">
        <label>
          {listLabel}
          <select
            value={found.includes(props.value) ? props.value : ''}
            onChange={(e) => {
              if (e.target.value !== '') props.onChange(e.target.value);
            }}
          >
            <option value="">
              {list === null ? 'Looking…' : found.length === 0 ? 'None found' : 'Choose one…'}
            </option>
            {found.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={refresh}>
          Look again
        </button>
      </div>
      <ErrorNote error={error} />
      {list?.notes.map((note) => (
        <p key={note} className="hint">
          {note}
        </p>
      ))}
    </>
  );
}
