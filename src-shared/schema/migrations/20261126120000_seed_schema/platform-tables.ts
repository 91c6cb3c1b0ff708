import { col } from '../../column-spec';
import { defineTable } from '../../table-spec';

// Frozen with migration 20261126120000: never edit; change tables in a later migration.

const tenantId = () => col.id().referencesGlobal('tenants');

export const platformConfig = defineTable({
  name: 'platform_config',
  scope: 'global',
  columns: {
    key: col.text(),
    value: col.json(),
    enabled: col.flag(),
    description: col.text().nullable(),
    updated_at: col.timestamp(),
  },
  primaryKey: ['key'],
});

export const tenantFeatures = defineTable({
  name: 'tenant_features',
  scope: 'tenant',
  columns: {
    id: col.id(),
    tenant_id: tenantId(),
    feature_key: col.text(),
    enabled: col.flag(),
    created_at: col.timestamp(),
  },
  indexes: [
    { name: 'ux_tenant_features_key', columns: ['tenant_id', 'feature_key'], unique: true },
  ],
});

export const auditLogs = defineTable({
  name: 'audit_logs',
  scope: 'tenant',
  columns: {
    id: col.id(),
    tenant_id: tenantId(),
    action: col.text(),
    actor_id: col.id().references('tenant_members').nullable(),
    device_id: col.text().nullable(),
    target_id: col.text().nullable(),
    ip_address: col.text().nullable(),
    details: col.json(),
    created_at: col.timestamp(),
    // Tamper evidence: each entry hashes its content with the previous entry's hash.
    prev_hash: col.text().nullable(),
    hash: col.text(),
  },
  indexes: [{ name: 'ix_audit_logs_tenant_created', columns: ['tenant_id', 'created_at'] }],
});

export const progressMetricDefinitions = defineTable({
  name: 'progress_metric_definitions',
  scope: 'tenant',
  columns: {
    id: col.id(),
    tenant_id: tenantId(),
    name: col.text(),
    category: col.enumOf([
      'attendance',
      'strength',
      'cardio',
      'flexibility',
      'skill',
      'rank',
      'body',
      'custom',
    ]),
    unit: col.text(),
    icon: col.text().nullable(),
    aggregation: col.enumOf(['sum', 'max', 'min', 'latest', 'average', 'count']),
    visible_to_students: col.flag(),
    active: col.flag(),
    display_order: col.integer(),
  },
});

export const memberProgressEntries = defineTable({
  name: 'member_progress_entries',
  scope: 'tenant',
  columns: {
    id: col.id(),
    tenant_id: tenantId(),
    member_id: col.id().references('tenant_members'),
    metric_definition_id: col.id().references('progress_metric_definitions'),
    value: col.integer(),
    recorded_at: col.timestamp(),
    source: col.enumOf(['manual', 'check_in', 'import', 'automation']),
    metadata: col.json(),
  },
  indexes: [
    { name: 'ix_member_progress_member', columns: ['tenant_id', 'member_id', 'recorded_at'] },
  ],
});
