import { useState } from 'react';
import { useDeskQuery } from '../../desk/desk-context';
import { formatMoney } from '../../desk/money';
import { ErrorNote } from '../../shell/error-note';
import { lengthLabel } from '../appointments/appointment-words';
import { AppointmentServiceForm, type StaffChoice } from './appointment-service-form';
import { StaffAvailabilitySection } from './staff-availability-section';
import './appointments-tab.css';

/**
 * Appointments in the studio console (issue 18), for owners and managers: the services
 * (`appointment.services`) with who gives them, and each staff member's weekly hours and
 * time off at a location, which the desk's free times are made of.
 */
export function AppointmentsTab() {
  const services = useDeskQuery('appointment.services', { includeRetired: true });
  const staff = useDeskQuery('staff.list', { includeInactive: false });
  const settings = useDeskQuery('studio.settings', {});
  const currency = settings.data?.currency ?? 'USD';
  const [editing, setEditing] = useState<string | null>(null);
  const list = services.data ?? [];
  const chosen = list.find((s) => s.serviceId === editing);
  const staffChoices: readonly StaffChoice[] = (staff.data ?? []).map(
    (s) => [s.memberId, `${s.firstName} ${s.lastName}`] as const,
  );

  return (
    <div className="appointments-tab">
      <div className="columns">
        <section className="card" aria-label="Appointment services">
          <h3>Appointment services</h3>
          <ErrorNote error={services.error ?? staff.error} />
          {services.data !== undefined && list.length === 0 && (
            <p className="hint">No services yet: add the first one with the form.</p>
          )}
          {list.length > 0 && (
            <table className="console-table">
              <thead>
                <tr>
                  <th scope="col">Service</th>
                  <th scope="col">Length</th>
                  <th scope="col">Price</th>
                  <th scope="col">Given by</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {list.map((s) => (
                  <tr key={s.serviceId} className={s.active ? '' : 'muted'}>
                    <td>
                      {s.title}
                      {s.active ? '' : ' (not offered)'}
                    </td>
                    <td>{lengthLabel(s.durationMinutes)}</td>
                    <td>{formatMoney(s.price, currency)}</td>
                    <td>
                      {s.staff.length === 0 ? 'No one yet' : s.staff.map((g) => g.name).join(', ')}
                    </td>
                    <td>
                      <button
                        type="button"
                        className="link"
                        onClick={() => {
                          setEditing(s.serviceId);
                        }}
                      >
                        Edit {s.title}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
        <div>
          {chosen && (
            <AppointmentServiceForm
              key={`edit-${chosen.serviceId}`}
              service={chosen}
              staff={staffChoices}
              onClose={() => {
                setEditing(null);
              }}
            />
          )}
          {staff.data !== undefined && (
            <AppointmentServiceForm
              service={null}
              staff={staffChoices}
              onClose={() => {
                setEditing(null);
              }}
            />
          )}
        </div>
      </div>
      <StaffAvailabilitySection staff={staffChoices} />
    </div>
  );
}
