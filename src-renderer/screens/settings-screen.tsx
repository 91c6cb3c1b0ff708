import { useEffect, useState } from 'react';
import type { PrinterSettings } from '../../src-shared/bridge/desk-methods';
import { useDesk } from '../desk/desk-context';
import { saveIdleMinutes } from '../desk/use-idle-lock';
import { CardReaderSettings } from '../shell/card-reader-settings';
import { ErrorNote } from '../shell/error-note';
import { OsPrinterPicker } from '../shell/os-printer-picker';
import { networkPrinterProblem } from '../shell/printer-settings-check';
import { TextField } from '../shell/text-field';

type ConnectionType = PrinterSettings['connection']['type'];

/** Printer set-up (type, connection, paper width, test print), the card reader, the idle lock. */
export function SettingsScreen(props: {
  readonly idleMinutes: number;
  readonly onIdleMinutes: (minutes: number) => void;
}) {
  const { bridge } = useDesk();
  const [settings, setSettings] = useState<PrinterSettings | null>(null);
  const [host, setHost] = useState('');
  const [port, setPort] = useState('9100');
  const [printerName, setPrinterName] = useState('');
  const [devicePath, setDevicePath] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [message, setMessage] = useState<string | null>(null);

  useEffect(() => {
    bridge.invoke('printer.getSettings', {}).then((s) => {
      setSettings(s);
      if (s.connection.type === 'network') {
        setHost(s.connection.host);
        setPort(String(s.connection.port));
      }
      if (s.connection.type === 'system') setPrinterName(s.connection.printerName);
      if (s.connection.type === 'device') setDevicePath(s.connection.path);
    }, setError);
  }, [bridge]);

  const connectionOf = (type: ConnectionType): PrinterSettings['connection'] =>
    type === 'network'
      ? { type, host: host.trim(), port: Number(port) }
      : type === 'system'
        ? { type, printerName: printerName.trim() }
        : type === 'device'
          ? { type, path: devicePath.trim() }
          : { type };

  const clearOutcome = () => {
    setError(null);
    setMessage(null);
  };
  const save = async () => {
    if (!settings) return;
    clearOutcome();
    const problem =
      settings.connection.type === 'network' ? networkPrinterProblem(host, port) : null;
    if (problem) {
      setError(problem);
      return;
    }
    try {
      const saved = await bridge.invoke('printer.saveSettings', {
        settings: { ...settings, connection: connectionOf(settings.connection.type) },
      });
      setSettings(saved);
      setMessage('Printer settings saved.');
    } catch (failure) {
      setError(failure);
    }
  };
  const test = async () => {
    clearOutcome();
    try {
      const outcome = await bridge.invoke('printer.testPrint', {});
      if (outcome.printed) setMessage('Test page printed.');
      else setError(`The test page did not print. ${outcome.message ?? ''}`);
    } catch (failure) {
      setError(failure);
    }
  };

  return (
    <div className="settings columns">
      <section className="card" aria-label="Receipt printer">
        <h2>Receipt printer</h2>
        <ErrorNote error={error} />
        {message && (
          <p className="result ok" role="status">
            {message}
          </p>
        )}
        {settings && (
          <>
            <label>
              Connection
              <select
                value={settings.connection.type}
                onChange={(e) => {
                  const { value } = e.target;
                  const type =
                    value === 'network' || value === 'system' || value === 'device'
                      ? value
                      : 'none';
                  setSettings({ ...settings, connection: connectionOf(type) });
                }}
              >
                <option value="none">No printer (show receipts on screen)</option>
                <option value="network">Network (ESC/POS over TCP)</option>
                <option value="system">System printer queue (CUPS, raw)</option>
                <option value="device">USB or serial device (device file)</option>
              </select>
            </label>
            {settings.connection.type === 'network' && (
              <>
                <TextField
                  label="Printer address"
                  placeholder="192.168.1.50"
                  value={host}
                  onChange={setHost}
                />
                <TextField label="Port" inputMode="numeric" value={port} onChange={setPort} />
              </>
            )}
            {settings.connection.type === 'system' && (
              <OsPrinterPicker kind="system" value={printerName} onChange={setPrinterName} />
            )}
            {settings.connection.type === 'device' && (
              <OsPrinterPicker kind="device" value={devicePath} onChange={setDevicePath} />
            )}
            <label>
              Printer type
              <select
                value={settings.driver}
                onChange={(e) => {
                  setSettings({
                    ...settings,
                    driver: e.target.value === 'star' ? 'star' : 'epson',
                  });
                }}
              >
                <option value="epson">Epson (ESC/POS)</option>
                <option value="star">Star</option>
              </select>
            </label>
            <label>
              Paper width
              <select
                value={settings.paperWidth}
                onChange={(e) => {
                  const width = Number(e.target.value);
                  setSettings({
                    ...settings,
                    paperWidth: width === 32 ? 32 : width === 42 ? 42 : 48,
                  });
                }}
              >
                <option value={48}>80 mm, 48 characters</option>
                <option value={42}>80 mm, 42 characters</option>
                <option value={32}>58 mm, 32 characters</option>
              </select>
            </label>
            <label className="inline">
              <input
                type="checkbox"
                checked={settings.openDrawerOnCash}
                onChange={(e) => {
                  setSettings({ ...settings, openDrawerOnCash: e.target.checked });
                }}
              />
              Open the cash drawer on cash sales
            </label>
            <div className="row">
              <button type="button" onClick={() => void save()}>
                Save printer settings
              </button>
              <button type="button" onClick={() => void test()}>
                Print a test page
              </button>
            </div>
          </>
        )}
      </section>
      <CardReaderSettings />
      <section className="card" aria-label="Desk lock">
        <h2>Lock after idle</h2>
        <label>
          Minutes without use before the desk locks
          <input
            type="number"
            min={1}
            max={240}
            value={props.idleMinutes}
            onChange={(e) => {
              const minutes = Math.min(Math.max(Math.round(Number(e.target.value)), 1), 240);
              saveIdleMinutes(minutes);
              props.onIdleMinutes(minutes);
            }}
          />
        </label>
      </section>
    </div>
  );
}
