import { useCallback, useEffect, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import { useDesk } from '../desk/desk-context';
import { offers, useStudioFeatures } from '../desk/use-studio-features';
import type { FeatureKey } from '../../src-shared/features/feature-catalogue';
import { PaymentTerminalContext } from '../desk/payment-context';
import {
  createPaymentTerminal,
  terminalModeFor,
} from '../hardware/card-reader/choose-payment-terminal';
import { readIdleMinutes, useIdleLock } from '../desk/use-idle-lock';
import { useScanner } from '../hardware/scanner/use-scanner';
import { AppointmentsScreen } from '../screens/appointments-screen';
import { DrawerScreen } from '../screens/drawer-screen';
import { onSellToShow } from '../screens/fee-sell-handoff';
import { GiftCardsScreen } from '../screens/gift-cards-screen';
import { LeadsScreen } from '../screens/leads/leads-screen';
import { MessagesButton } from '../screens/messages/messages-button';
import { MessagesScreen } from '../screens/messages/messages-screen';
import { MemberScreen } from '../screens/member-screen';
import { PacksScreen } from '../screens/packs-screen';
import { PosScreen } from '../screens/pos-screen';
import { ReviewCountBadge } from '../screens/console/review-count-badge';
import { StudioScreen } from '../screens/console/studio-screen';
import { SettingsScreen } from '../screens/settings-screen';
import { SyncScreen } from '../screens/sync-screen';
import { TodayScreen } from '../screens/today-screen';
import { screenShortcut, type Shortcut } from './keyboard-shortcut';
import { ProgressBar, type ProgressEvent } from './progress-bar';
import { ScreenVisitContext } from './screen-visit';
import { ShortcutButton } from './shortcut-button';

const SCREENS = [
  ['today', 'Today'],
  ['member', 'Member'],
  ['pos', 'Sell'],
  ['appointments', 'Appointments'],
  ['giftCards', 'Gift cards'],
  ['packs', 'Packs'],
  ['drawer', 'Cash drawer'],
  ['sync', 'Sync'],
  ['settings', 'Settings'],
  ['studio', 'Studio'],
  // Last, so the screens before it keep their Alt+digit (issue 20).
  ['leads', 'Leads'],
  // Opened from the top bar's Messages button, not the screens' bar: that is full at 1024 px.
  ['messages', 'Messages'],
] as const;

/** Screens with no button in the screens' bar. */
const OFF_BAR: ReadonlySet<ScreenName> = new Set(['messages']);

/** Screens only some roles see: the studio console is for owners and managers. */
const SCREEN_ROLES: Partial<Record<(typeof SCREENS)[number][0], readonly string[]>> = {
  studio: ['owner', 'manager'],
};

export type ScreenName = (typeof SCREENS)[number][0];

/** Screens of a feature the studio's plan may leave out (R19): hidden while it is off. */
const SCREEN_FEATURES: Partial<Record<ScreenName, FeatureKey>> = {
  appointments: 'appointments',
};

/** A scanned code, numbered so the same card scanned twice is two scans. */
export interface Scan {
  readonly code: string;
  readonly seq: number;
}

/**
 * The signed-in desk: navigation, the screens, the staff member with switch and lock.
 * Screens stay mounted once opened, so a half-rung sale or a half-typed note survives a
 * trip to another screen (and every sync event). `refusedRequest` counts the top bar's
 * "N refused" clicks: each opens the Sync screen at its list of refused changes.
 */
export function Workspace(props: {
  readonly progress: ProgressEvent | null;
  readonly onDismissProgress: () => void;
  readonly refusedRequest: number;
  readonly onLock: () => void;
  readonly onSwitch: () => void;
}) {
  const { staff, bridge, hasRole } = useDesk();
  const features = useStudioFeatures();
  const mayOpen = (name: ScreenName) => {
    const roles = SCREEN_ROLES[name];
    const feature = SCREEN_FEATURES[name];
    if (feature !== undefined && !offers(features, feature)) return false;
    return roles === undefined || hasRole(...roles);
  };
  const onBar = (name: ScreenName) => mayOpen(name) && !OFF_BAR.has(name);
  // One reader connection per desk session; `?terminal=fake` selects the simulated reader.
  const terminal = useMemo(
    () => createPaymentTerminal(bridge, terminalModeFor(window.location.search, false)),
    [bridge],
  );
  const [screen, setScreen] = useState<ScreenName>('today');
  const [opened, setOpened] = useState<ReadonlySet<ScreenName>>(new Set(['today']));
  const [memberId, setMemberId] = useState<string | null>(null);
  const [scan, setScan] = useState<{ today: Scan | null; pos: Scan | null }>({
    today: null,
    pos: null,
  });
  const [idleMinutes, setIdleMinutes] = useState(readIdleMinutes);
  // Every change of screen is a new visit: error notes of the last one are cleared.
  const [visit, setVisit] = useState({ screen, count: 0 });
  if (visit.screen !== screen) setVisit({ screen, count: visit.count + 1 });
  // A screen whose feature was switched off while open gives way to Today (R19).
  if (features !== null && !mayOpen(screen)) setScreen('today');

  const go = useCallback((name: ScreenName) => {
    setScreen(name);
    setOpened((o) => (o.has(name) ? o : new Set([...o, name])));
  }, []);
  // A fee or appointment sent to Sell from another screen shows Sell with it (issue 18).
  useEffect(
    () =>
      onSellToShow(() => {
        go('pos');
      }),
    [go],
  );
  // A click on "N refused" since this workspace opened (the count outlives a lock).
  const [refusedSeen, setRefusedSeen] = useState(props.refusedRequest);
  const [refusedClicks, setRefusedClicks] = useState(0);
  if (refusedSeen !== props.refusedRequest) {
    setRefusedSeen(props.refusedRequest);
    setRefusedClicks((n) => n + 1);
    go('sync');
  }
  const openMember = useCallback(
    (id: string) => {
      setMemberId(id);
      go('member');
    },
    [go],
  );
  useIdleLock(idleMinutes, props.onLock);
  // The POS takes scans (shelf barcodes); everywhere else a scan is a member checking in.
  useScanner((code) => {
    const target = screen === 'pos' ? 'pos' : 'today';
    setScan((s) => ({ ...s, [target]: { code, seq: (s[target]?.seq ?? 0) + 1 } }));
    if (target === 'today') go('today');
  });

  const panel = (name: ScreenName, content: ReactNode) =>
    opened.has(name) ? (
      <section className="screen" hidden={screen !== name} aria-label={labelOf(name)}>
        {content}
      </section>
    ) : null;

  return (
    <PaymentTerminalContext.Provider value={terminal}>
      <ScreenVisitContext.Provider value={visit.count}>
        <div className="workspace">
          <nav className="nav" aria-label="Screens">
            <div className="nav-screens">
              {SCREENS.filter(([name]) => onBar(name)).map(([name, label], index) => (
                <NavButton
                  key={name}
                  label={label}
                  shortcut={screenShortcut(index)}
                  current={screen === name}
                  onClick={() => {
                    go(name);
                  }}
                />
              ))}
            </div>
            <div className="nav-staff">
              {/* A status, not a button: the bar has no room left for a touch target at 1024 px. */}
              <ReviewCountBadge />
              <span className="staff-name" aria-label="Signed in">
                {staff.name}
              </span>
              {/* "Switch" on screen, to keep the bar on one row at 1024 px; read as its full name. */}
              <button type="button" aria-label="Switch staff" onClick={props.onSwitch}>
                Switch
              </button>
              <ShortcutButton shortcut="Alt+L" onClick={props.onLock}>
                Lock
              </ShortcutButton>
            </div>
          </nav>
          <ProgressBar progress={props.progress} onDismiss={props.onDismissProgress} />
          {panel('today', <TodayScreen scan={scan.today} onOpenMember={openMember} />)}
          {panel('member', <MemberScreen memberId={memberId} onChooseMember={setMemberId} />)}
          {panel(
            'pos',
            <PosScreen
              scan={scan.pos}
              onOpenDrawer={() => {
                go('drawer');
              }}
            />,
          )}
          {panel('giftCards', <GiftCardsScreen />)}
          {panel('packs', <PacksScreen />)}
          {mayOpen('appointments') && panel('appointments', <AppointmentsScreen />)}
          {panel('drawer', <DrawerScreen />)}
          {panel('sync', <SyncScreen showRefused={refusedClicks} />)}
          {panel(
            'settings',
            <SettingsScreen idleMinutes={idleMinutes} onIdleMinutes={setIdleMinutes} />,
          )}
          {mayOpen('studio') && panel('studio', <StudioScreen />)}
          {panel('leads', <LeadsScreen onOpenMember={openMember} />)}
          {panel('messages', <MessagesScreen active={screen === 'messages'} />)}
          <MessagesButton
            onOpen={() => {
              go('messages');
            }}
          />
        </div>
      </ScreenVisitContext.Provider>
    </PaymentTerminalContext.Provider>
  );
}

/** A screen's button in the bar, with its Alt+digit shortcut when it has one. */
function NavButton(props: {
  readonly label: string;
  readonly shortcut: Shortcut | undefined;
  readonly current: boolean;
  readonly onClick: () => void;
}) {
  const current = props.current ? ('page' as const) : undefined;
  return props.shortcut ? (
    <ShortcutButton shortcut={props.shortcut} aria-current={current} onClick={props.onClick}>
      {props.label}
    </ShortcutButton>
  ) : (
    <button type="button" aria-current={current} onClick={props.onClick}>
      {props.label}
    </button>
  );
}

function labelOf(name: ScreenName): string {
  return SCREENS.find(([n]) => n === name)?.[1] ?? name;
}
