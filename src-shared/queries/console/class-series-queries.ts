import { z } from 'zod';
import { RecurrenceError, parseWeeklyRecurrence } from '../../time/weekly-recurrence';
import { seriesState } from '../../mutations/console/class-series-state';
import { defineQuery } from '../query-definition';

/**
 * The studio's class series with the fields `classSeries.update` edits, in the form its
 * `basedOn` takes them: a screen shows these and sends back the ones staff changed.
 */
export const classSeriesList = defineQuery({
  name: 'classSeries.list',
  description: 'The studio’s class series, with their weekly schedule as staff edit it.',
  args: z.strictObject({ includeEnded: z.boolean().default(false) }),
  async run(ctx, args) {
    const rows = await ctx.db
      .selectFrom('class_series')
      .selectAll()
      .where('tenant_id', '=', ctx.tenantId)
      .orderBy('title')
      .orderBy('id')
      .execute();
    return rows
      .map(seriesState)
      .filter((series) => args.includeEnded || series.active)
      .map((series) => {
        const row = series.row;
        let recurrence = null;
        try {
          const parsed = parseWeeklyRecurrence(row.recurrence_rule, series.excludedDates);
          recurrence = {
            firstDate: parsed.firstDate,
            startTime: parsed.startTime,
            weekdays: parsed.weekdays,
            intervalWeeks: parsed.intervalWeeks,
            until: parsed.until,
            count: parsed.count,
            excludedDates: parsed.excludedDates,
          };
        } catch (error) {
          // A rule these screens did not write (the demo's monthly ones): extend or end only.
          if (!(error instanceof RecurrenceError)) throw error;
        }
        return {
          seriesId: row.id,
          lineageId: series.lineageId,
          title: row.title,
          locationId: row.location_id,
          roomId: row.room_id,
          instructorId: row.instructor_id,
          durationMinutes: row.duration_minutes,
          capacity: row.capacity,
          dropInPrice: row.drop_in_price ?? 0,
          planIds: series.planIds,
          packDefinitionIds: series.packDefinitionIds,
          timeZone: series.timeZone,
          status: series.active ? ('active' as const) : ('ended' as const),
          materialisedUntil: row.materialised_until,
          ruleText: row.recurrence_rule,
          /** Null: not a weekly rule; the series can be extended and ended, not edited. */
          recurrence,
        };
      });
  },
});

export const classSeriesQueries = [classSeriesList] as const;
