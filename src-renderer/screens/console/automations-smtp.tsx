import { useCallback, useEffect, useState } from 'react';
import type { SyntheticEvent } from 'react';
import { DeskBridgeError } from '../../../src-shared/bridge/desk-bridge';
import type { StudioSmtpStatus } from '../../../src-shared/protocol/studio-smtp-messages';
import { useDesk } from '../../desk/desk-context';
import { CheckField, Field, FormOutcome } from './console-fields';
import { useAction } from './use-action';

interface SmtpText {
  host: string;
  port: string;
  secure: boolean;
  user: string;
  pass: string;
  from: string;
}

const EMPTY: SmtpText = { host: '', port: '587', secure: false, user: '', pass: '', from: '' };

function textOf(status: StudioSmtpStatus): SmtpText {
  const own = status.own;
  if (own === null) return EMPTY;
  return {
    host: own.host,
    port: String(own.port),
    secure: own.secure,
    user: own.user ?? '',
    // Never shown back: left empty, the stored password is kept.
    pass: '',
    from: own.from,
  };
}

function usesText(status: StudioSmtpStatus): string {
  if (status.own !== null) {
    const { host, port, from } = status.own;
    return `The studio sends through its own server: ${host}, port ${String(port)}, from ${from}.`;
  }
  return status.platformConfigured
    ? 'The studio sends through the platform’s e-mail server.'
    : 'No e-mail server is set: neither the platform’s nor the studio’s own. Automated e-mails wait until one is.';
}

/**
 * Studio › Automations › Sending e-mail (issue 20, R20.5), the owner's: whether automated
 * e-mails go through the platform's server or the studio's own, a form to set its own (the
 * password is never shown back: left empty, the stored one is kept), a way back to the
 * platform's, and a test message that reports the server's answer. Kept on the server only,
 * so offline the section says it needs the server.
 */
export function AutomationsSmtp() {
  const desk = useDesk();
  const [status, setStatus] = useState<StudioSmtpStatus | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [text, setText] = useState<SmtpText>(EMPTY);
  const [to, setTo] = useState('');
  const save = useAction();
  const test = useAction();

  const shown = useCallback((next: StudioSmtpStatus) => {
    setStatus(next);
    setText(textOf(next));
  }, []);
  const load = useCallback(async () => {
    setLoadError(null);
    try {
      shown(await desk.bridge.invoke('studioSmtp.status', {}));
    } catch (failure) {
      setLoadError(failure);
    }
  }, [desk.bridge, shown]);
  useEffect(() => {
    void load();
  }, [load]);

  const set = (field: Exclude<keyof SmtpText, 'secure'>) => (value: string) => {
    setText((t) => ({ ...t, [field]: value }));
  };
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    void save.run(async () => {
      const user = text.user.trim();
      const next = await desk.bridge.invoke('studioSmtp.set', {
        smtp: {
          host: text.host.trim(),
          port: Number(text.port.trim()),
          secure: text.secure,
          ...(user === '' ? {} : { user }),
          ...(user === '' || text.pass === '' ? {} : { pass: text.pass }),
          from: text.from.trim(),
        },
      });
      shown(next);
      return 'The studio’s own e-mail server is saved; automated e-mails go through it now.';
    });
  };
  const usePlatform = () =>
    save.run(async () => {
      shown(await desk.bridge.invoke('studioSmtp.clear', {}));
      return 'The studio sends through the platform’s e-mail server again.';
    });
  const sendTest = (event: SyntheticEvent) => {
    event.preventDefault();
    void test.run(async () => {
      const sent = await desk.bridge.invoke('studioSmtp.sendTest', { to: to.trim() });
      const server = sent.via === 'studio' ? 'The studio’s server' : 'The platform’s server';
      return sent.delivered
        ? `${server} accepted the test e-mail: ${sent.answer}`
        : `${server} refused the test e-mail: ${sent.answer}`;
    });
  };

  const offline = loadError instanceof DeskBridgeError && loadError.code === 'offline';
  return (
    <section className="card" aria-label="Sending e-mail">
      <h3>Sending e-mail</h3>
      {offline ? (
        <p role="status">
          How the studio sends e-mail is kept on the studio’s server: connect this desk to the
          internet to see or change it.
        </p>
      ) : (
        <FormOutcome error={loadError} done={null} />
      )}
      {status !== null && (
        <>
          <p role="status" aria-label="E-mail server in use">
            {usesText(status)}
          </p>
          <form aria-label="The studio’s own e-mail server" onSubmit={submit} noValidate>
            <Field label="SMTP server" value={text.host} onChange={set('host')} />
            <Field label="Port" value={text.port} onChange={set('port')} inputMode="numeric" />
            <CheckField
              label="TLS from the start (port 465)"
              checked={text.secure}
              onChange={(secure) => {
                setText((t) => ({ ...t, secure }));
              }}
            />
            <Field label="User name" value={text.user} onChange={set('user')} autoComplete="off" />
            <Field
              label="Password"
              type="password"
              value={text.pass}
              onChange={set('pass')}
              autoComplete="new-password"
              hint={
                status.own?.hasPassword ? 'A password is kept: leave empty to keep it.' : undefined
              }
            />
            <Field label="From address" value={text.from} onChange={set('from')} />
            <FormOutcome error={save.error} done={save.done} />
            <div className="row">
              <button type="submit" className="primary" disabled={save.busy}>
                Use this server
              </button>
              {status.own !== null && (
                <button type="button" disabled={save.busy} onClick={() => void usePlatform()}>
                  Use the platform’s server
                </button>
              )}
            </div>
          </form>
          <form aria-label="Send a test e-mail" onSubmit={sendTest} noValidate>
            <Field label="Test address" type="email" value={to} onChange={setTo} />
            <FormOutcome error={test.error} done={test.done} />
            <button type="submit" disabled={test.busy || status.uses === 'none'}>
              {test.busy ? 'Sending…' : 'Send a test e-mail'}
            </button>
          </form>
        </>
      )}
    </section>
  );
}
