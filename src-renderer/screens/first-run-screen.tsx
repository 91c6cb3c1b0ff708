import { useEffect, useState } from 'react';
import type { SyntheticEvent } from 'react';
import type { DeskBridge } from '../../src-shared/bridge/desk-bridge';
import { ErrorNote } from '../shell/error-note';
import { ProgressBar, type ProgressEvent } from '../shell/progress-bar';
import { TextField } from '../shell/text-field';
import { NewStudioForm } from './console/new-studio-form';
import { joinProblem } from './first-run-errors';
import { NOT_STARTED, OpenDemoSteps, withDemoProgress } from './open-demo-steps';

/**
 * First run: join a studio's server with an enrolment code (the initial sync shows its
 * progress), set up a new studio with a setup code (the same), or open the demo studio,
 * which runs a local server and enrols this desk (each of its steps shows its progress).
 */
export function FirstRunScreen(props: {
  readonly bridge: DeskBridge;
  readonly progress: ProgressEvent | null;
  readonly onDone: (hint: string | null) => void;
}) {
  const { bridge } = props;
  const [serverUrl, setServerUrl] = useState('');
  const [code, setCode] = useState('');
  const [deviceName, setDeviceName] = useState('Front desk');
  const [busy, setBusy] = useState<'connect' | 'create' | 'demo' | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [demoSteps, setDemoSteps] = useState(NOT_STARTED);

  // Kept here rather than in the shared progress, which forgets each finished step.
  useEffect(
    () =>
      bridge.subscribe((event) => {
        if (event.type === 'progress' && event.task === 'openDemo') {
          setDemoSteps((steps) => withDemoProgress(steps, event));
        }
      }),
    [bridge],
  );

  const connect = async (event: SyntheticEvent) => {
    event.preventDefault();
    setBusy('connect');
    setError(null);
    try {
      const joined = await bridge.invoke('setup.connect', {
        serverUrl: serverUrl.trim(),
        code: code.trim(),
        deviceName: deviceName.trim(),
      });
      props.onDone(`This desk joined ${joined.tenantName}.`);
    } catch (failure) {
      setError(joinProblem(failure, serverUrl));
    } finally {
      setBusy(null);
    }
  };
  const openDemo = async () => {
    setBusy('demo');
    setError(null);
    setDemoSteps(NOT_STARTED);
    try {
      const demo = await bridge.invoke('setup.openDemo', {});
      props.onDone(`${demo.tenantName} is open. Every staff PIN is ${demo.staffPin}.`);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(null);
    }
  };

  return (
    <main className="first-run">
      <h1>Set up this desk</h1>
      <ErrorNote error={error} />
      <div className="columns">
        <form className="card" onSubmit={(e) => void connect(e)} aria-label="Connect to a studio">
          <h2>Connect to your studio</h2>
          <p>Ask the studio owner for the server address and a one-time enrolment code.</p>
          <TextField
            label="Server address"
            type="url"
            required
            placeholder="https://sync.example.com"
            value={serverUrl}
            onChange={setServerUrl}
          />
          <TextField
            label="Enrolment code"
            required
            autoComplete="off"
            value={code}
            onChange={setCode}
          />
          <TextField label="Desk name" required value={deviceName} onChange={setDeviceName} />
          <button type="submit" disabled={busy !== null}>
            {busy === 'connect' ? 'Connecting…' : 'Connect'}
          </button>
        </form>
        <NewStudioForm
          bridge={bridge}
          disabled={busy !== null && busy !== 'create'}
          onBusy={(creating) => {
            setError(null);
            setBusy(creating ? 'create' : null);
          }}
          onDone={props.onDone}
        />
        <section className="card" aria-label="Demo studio">
          <h2>Just looking?</h2>
          <p>
            The demo studio runs on this computer with sample members, classes and sales, and syncs
            like a real one.
          </p>
          <button type="button" disabled={busy !== null} onClick={() => void openDemo()}>
            {busy === 'demo' ? 'Opening the demo studio…' : 'Open the demo studio'}
          </button>
        </section>
      </div>
      {(busy === 'connect' || busy === 'create') && <ProgressBar progress={props.progress} />}
      {busy === 'demo' && <OpenDemoSteps state={demoSteps} />}
    </main>
  );
}
