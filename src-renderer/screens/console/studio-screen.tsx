import { useState } from 'react';
import type { ReactNode } from 'react';
import { useDesk } from '../../desk/desk-context';
import { offers, useStudioFeatures } from '../../desk/use-studio-features';
import { AppointmentsTab } from './appointments-tab';
import { AuditTab } from './audit-tab';
import { AutomationsTab } from './automations-tab';
import { CatalogueTab } from './catalogue-tab';
import { ClassesTab } from './classes-tab';
import { DesksTab } from './desks-tab';
import { LocationsTab } from './locations-tab';
import { PaymentsTab } from './payments-tab';
import { ReportsTab } from './reports-tab';
import { ReviewTab } from './review-tab';
import { SettingsTab } from './settings-tab';
import { StaffTab } from './staff-tab';

const TABS = [
  ['settings', 'Settings'],
  ['locations', 'Locations'],
  ['staff', 'Staff'],
  ['catalogue', 'Catalogue'],
  ['classes', 'Classes'],
  ['desks', 'Desks'],
  ['payments', 'Card payments'],
  ['appointments', 'Appointments'],
  ['automations', 'Automations'],
  ['review', 'Review'],
  ['reports', 'Reports'],
  ['audit', 'Audit'],
] as const;

type TabName = (typeof TABS)[number][0];

/**
 * The studio console (issue 16), for owners and managers: the studio's settings, places,
 * staff, catalogue, classes, desks and card payments. Like the workspace's screens, a tab
 * stays mounted once opened, so a half-filled form survives a look at another tab.
 */
export function StudioScreen() {
  const desk = useDesk();
  const isOwner = desk.hasRole('owner');
  // Appointments belong to the studio's plan (R19): their tab shows only while it has them.
  const features = useStudioFeatures();
  const appointmentsOn = offers(features, 'appointments');
  const automationsOn = offers(features, 'automations');
  const tabs = TABS.filter(([name]) => name !== 'payments' || isOwner).filter(
    ([name]) =>
      (name !== 'appointments' || appointmentsOn) && (name !== 'automations' || automationsOn),
  );
  const [tab, setTab] = useState<TabName>('settings');
  if (tab === 'appointments' && features !== null && !appointmentsOn) setTab('settings');
  if (tab === 'automations' && features !== null && !automationsOn) setTab('settings');
  const [opened, setOpened] = useState<ReadonlySet<TabName>>(new Set(['settings']));

  const panel = (name: TabName, label: string, content: ReactNode) =>
    opened.has(name) ? (
      <div
        key={name}
        role="tabpanel"
        id={`studio-tab-${name}`}
        aria-label={label}
        hidden={tab !== name}
        className="studio-panel"
      >
        {content}
      </div>
    ) : null;

  return (
    <div className="studio">
      <h2>Studio</h2>
      <div className="row studio-tabs" role="tablist" aria-label="Studio">
        {tabs.map(([name, label]) => (
          <button
            key={name}
            type="button"
            role="tab"
            aria-selected={tab === name}
            aria-controls={opened.has(name) ? `studio-tab-${name}` : undefined}
            onClick={() => {
              setTab(name);
              setOpened((o) => (o.has(name) ? o : new Set([...o, name])));
            }}
          >
            {label}
          </button>
        ))}
      </div>
      {panel('settings', 'Settings', <SettingsTab />)}
      {panel('locations', 'Locations', <LocationsTab />)}
      {panel('staff', 'Staff', <StaffTab />)}
      {panel('catalogue', 'Catalogue', <CatalogueTab />)}
      {panel('classes', 'Classes', <ClassesTab />)}
      {panel('desks', 'Desks', <DesksTab />)}
      {isOwner && panel('payments', 'Card payments', <PaymentsTab />)}
      {appointmentsOn && panel('appointments', 'Appointments', <AppointmentsTab />)}
      {automationsOn && panel('automations', 'Automations', <AutomationsTab />)}
      {panel('review', 'Review', <ReviewTab />)}
      {panel('reports', 'Reports', <ReportsTab />)}
      {panel('audit', 'Audit', <AuditTab />)}
    </div>
  );
}
