import { z } from 'zod';
import {
  basedOnEachChange,
  basedOnEachChangeError,
  definedOnly,
  editArgs,
  editRecord,
  flagOf,
} from '../console/catalogue-edits';
import { catalogueNameSchema } from '../console/catalogue-schemas';
import { MANAGER_ROLES } from '../front-desk/front-desk-roles';
import { moneySchema } from '../front-desk/front-desk-schemas';
import { defineMutation, type MutationContext } from '../mutation-definition';
import { findService, requireMember } from './appointment-rules';

/** How long an appointment lasts: the class schemas' limits. */
export const appointmentMinutesSchema = z.number().int().min(5).max(720);

const staffIdsSchema = z
  .array(z.uuid())
  .max(100)
  .refine((ids) => new Set(ids).size === ids.length, 'each staff member once');

const serviceFields = {
  title: catalogueNameSchema,
  durationMinutes: appointmentMinutesSchema,
  price: moneySchema,
  /** False retires the service: no new bookings, its appointments stay. */
  active: z.boolean(),
};

/**
 * Makes `staffIds` exactly the staff who give the service. Rows are keyed by the pair, so two
 * desks adding one person offline write one row, and the last list to arrive stands.
 */
async function writeServiceStaff(
  ctx: MutationContext,
  serviceId: string,
  staffIds: readonly string[],
): Promise<void> {
  for (const staffId of staffIds) await requireMember(ctx, staffId, 'staff');
  let removal = ctx.db
    .deleteFrom('appointment_service_staff')
    .where('tenant_id', '=', ctx.tenantId)
    .where('service_id', '=', serviceId);
  if (staffIds.length > 0) removal = removal.where('staff_id', 'not in', staffIds);
  await removal.execute();
  if (staffIds.length === 0) return;
  await ctx.db
    .insertInto('appointment_service_staff')
    .values(
      staffIds.map((staffId) => ({
        tenant_id: ctx.tenantId,
        service_id: serviceId,
        staff_id: staffId,
        created_at: ctx.at,
      })),
    )
    .onConflict((oc) => oc.columns(['tenant_id', 'service_id', 'staff_id']).doNothing())
    .execute();
}

export const createAppointmentService = defineMutation({
  name: 'appointmentService.create',
  description:
    'Adds an appointment service (a private lesson, a massage): its length, price and the staff who give it.',
  args: z.strictObject({
    title: serviceFields.title,
    durationMinutes: serviceFields.durationMinutes,
    price: serviceFields.price,
    staffIds: staffIdsSchema.default([]),
  }),
  roles: MANAGER_ROLES,
  async run(ctx, args) {
    const serviceId = ctx.newId();
    await ctx.db
      .insertInto('appointment_services')
      .values({
        id: serviceId,
        tenant_id: ctx.tenantId,
        title: args.title,
        duration_minutes: args.durationMinutes,
        price: args.price,
        active: 1,
        created_at: ctx.at,
      })
      .execute();
    await writeServiceStaff(ctx, serviceId, args.staffIds);
    return { serviceId };
  },
  audit: (_args, result) => ({ targetId: result.serviceId }),
});

/**
 * Changes a service's title, length, price or whether it is offered. Offline, the later edit
 * to reach the server stands and an edit_conflict names what it overwrote (R10.2). Booked
 * appointments keep the length and price they were booked with.
 */
export const updateAppointmentService = defineMutation({
  name: 'appointmentService.update',
  description:
    'Changes an appointment service’s title, length, price or whether it is offered; the later of two offline edits stands and the owner is told.',
  args: z
    .strictObject({ serviceId: z.uuid(), ...editArgs(serviceFields) })
    .refine(basedOnEachChange, basedOnEachChangeError),
  roles: MANAGER_ROLES,
  async run(ctx, args) {
    const service = await editRecord(ctx, {
      id: args.serviceId,
      kind: 'appointment service',
      name: (row) => row.title,
      select: ctx.db.selectFrom('appointment_services').selectAll(),
      update: (columns) => ctx.db.updateTable('appointment_services').set(columns),
      columns: (values: typeof args.set) =>
        definedOnly({
          title: values.title,
          duration_minutes: values.durationMinutes,
          price: values.price,
          active: flagOf(values.active),
        }),
      set: args.set,
      basedOn: args.basedOn,
    });
    return { serviceId: service.id };
  },
  audit: (_args, result) => ({ targetId: result.serviceId }),
});

export const setAppointmentServiceStaff = defineMutation({
  name: 'appointmentService.setStaff',
  description: 'Sets which staff members give an appointment service (the whole list).',
  args: z.strictObject({ serviceId: z.uuid(), staffIds: staffIdsSchema }),
  roles: MANAGER_ROLES,
  async run(ctx, args) {
    const service = await findService(ctx, args.serviceId);
    await writeServiceStaff(ctx, service.id, args.staffIds);
    return { serviceId: service.id, staffIds: args.staffIds };
  },
  audit: (_args, result) => ({ targetId: result.serviceId }),
});

export const serviceMutations = [
  createAppointmentService,
  updateAppointmentService,
  setAppointmentServiceStaff,
] as const;
