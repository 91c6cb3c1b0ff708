import { col } from '../../column-spec';
import type { ColumnMap, TableSpec } from '../../table-spec';
import { classSeries as seedClassSeries } from '../20261126120000_seed_schema/schedule-tables';
import { classes as consoleClasses } from '../20261203200000_studio_console/console-tables';

// Frozen with migration 20261204085000: never edit; change tables in a later migration.

/**
 * What a class series needs to be kept by the console (issue 18), all nullable (SQLite adds
 * no other kind); NULL is what a series generated before this migration (the demo's) means.
 */
export const addedColumns = {
  class_series: {
    // NULL: not in a named room.
    room_id: col.id().references('rooms').nullable(),
    // Copied to each occurrence; NULL: free to drop in.
    drop_in_price: col.money().nullable(),
    // IANA zone the rule's wall-clock times are in (the location's); NULL: the rule's TZID.
    time_zone: col.text().nullable(),
    // JSON arrays of the membership plans and pack definitions that pay, copied to each
    // occurrence's class_payment_options; NULL or both empty: any plan or pack pays.
    plan_ids: col.json().nullable(),
    pack_definition_ids: col.json().nullable(),
    // JSON array of local dates (2026-12-24) the series skips; NULL: none.
    excluded_dates: col.json().nullable(),
    // Occurrences starting before this instant exist as classes; NULL: none made by the
    // console (a demo series' classes were generated with it).
    materialised_until: col.timestamp().nullable(),
    // NULL: active.
    status: col.enumOf(['active', 'ended']).nullable(),
    // The first series of a chain of "this and following" splits; an occurrence's id derives
    // from it and its local date, so a split keeps its occurrences' ids (R11.1). NULL: itself.
    lineage_id: col.id().nullable(),
  },
  classes: {
    // Where the series' rule put this occurrence; NULL for a class outside any series.
    original_start: col.timestamp().nullable(),
    // Set when this occurrence was edited on its own: edits of its series leave it alone.
    series_edited_at: col.timestamp().nullable(),
  },
} as const;

function withAdded<SC extends ColumnMap, N extends string, AC extends ColumnMap>(
  seed: TableSpec<SC, N>,
  added: AC,
  indexes: TableSpec['indexes'] = [],
): TableSpec<SC & AC, N> {
  return {
    ...seed,
    columns: { ...seed.columns, ...added },
    indexes: [...(seed.indexes ?? []), ...indexes],
  };
}

/** Finding a series' occurrences without reading the whole schedule. */
export const classesBySeries = { name: 'ix_classes_series', columns: ['tenant_id', 'series_id'] };

export const classSeries = withAdded(seedClassSeries, addedColumns.class_series);
export const classes = withAdded(consoleClasses, addedColumns.classes, [classesBySeries]);
