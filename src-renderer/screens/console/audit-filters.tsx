import type { QueryArgs } from '../../../src-shared/bridge/desk-operations';
import { useDeskQuery } from '../../desk/desk-context';
import { SelectField } from './console-fields';

/** What the owner chose; '' is "any". Dates are studio days, YYYY-MM-DD. */
export interface AuditFilterValues {
  readonly from: string;
  readonly to: string;
  readonly area: string;
  readonly action: string;
  readonly actorId: string;
}

export const NO_AUDIT_FILTERS: AuditFilterValues = {
  from: '',
  to: '',
  area: '',
  action: '',
  actorId: '',
};

/** The filters as `audit.find` takes them, or why they cannot be asked yet. */
export function auditListArgs(
  values: AuditFilterValues,
): { readonly args: QueryArgs<'audit.find'> } | { readonly problem: string } {
  if (values.from && values.to && values.to < values.from) {
    return { problem: 'The range ends before it starts: choose a "to" day on or after "from".' };
  }
  return {
    args: {
      ...(values.from ? { from: values.from } : {}),
      ...(values.to ? { to: values.to } : {}),
      ...(values.action ? { action: values.action } : values.area ? { area: values.area } : {}),
      ...(values.actorId ? { actorId: values.actorId } : {}),
    },
  };
}

/**
 * The audit log's filters: studio days, area then action, and staff member. The choices
 * come from the log itself (`audit.filters`), so nothing offered finds nothing by design.
 */
export function AuditFilters(props: {
  readonly values: AuditFilterValues;
  readonly onChange: (values: AuditFilterValues) => void;
}) {
  const { values, onChange } = props;
  const choices = useDeskQuery('audit.filters', {}).data;
  const actions = (choices?.actions ?? []).filter(
    (a) => !values.area || a.startsWith(`${values.area}.`),
  );
  const set = (change: Partial<AuditFilterValues>) => {
    onChange({ ...values, ...change });
  };
  return (
    <div className="row audit-filters" role="group" aria-label="Audit filters">
      <div className="field">
        <label>
          From
          <input
            type="date"
            value={values.from}
            onChange={(e) => {
              set({ from: e.target.value });
            }}
          />
        </label>
      </div>
      <div className="field">
        <label>
          To
          <input
            type="date"
            value={values.to}
            onChange={(e) => {
              set({ to: e.target.value });
            }}
          />
        </label>
      </div>
      <SelectField
        label="Area"
        value={values.area}
        options={[['', 'Every area'], ...(choices?.areas ?? []).map((a) => [a, a] as const)]}
        onChange={(area) => {
          set({ area, action: values.action.startsWith(`${area}.`) ? values.action : '' });
        }}
      />
      <SelectField
        label="Action"
        value={values.action}
        options={[['', 'Every action'], ...actions.map((a) => [a, a] as const)]}
        onChange={(action) => {
          set({ action });
        }}
      />
      <SelectField
        label="Staff member"
        value={values.actorId}
        options={[
          ['', 'Everyone'],
          ...(choices?.staff ?? []).map((s) => [s.memberId, s.name] as const),
        ]}
        onChange={(actorId) => {
          set({ actorId });
        }}
      />
      <button
        type="button"
        onClick={() => {
          onChange(NO_AUDIT_FILTERS);
        }}
      >
        Clear filters
      </button>
    </div>
  );
}
