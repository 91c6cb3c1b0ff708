import type { BatchBuffer, DemoBatch } from './demo-batches';
import type { DemoContext } from './demo-context';
import { DAY_MS, iso } from './demo-time';
import type { MemberPlan, PeoplePlan, PersonPlan, StaffPlan } from './plan-people';

function userRow(buffer: BatchBuffer, p: PersonPlan): void {
  buffer.add('users', {
    id: p.userId,
    email: p.email,
    profile: JSON.stringify({
      firstName: p.firstName,
      lastName: p.lastName,
      displayName: `${p.firstName} ${p.lastName.charAt(0)}.`,
      phone: p.phone,
    }),
    role: 'user',
    is_system_admin: 0,
    stripe_customer_id: null,
    created_at: iso(p.createdMs),
  });
}

function staffRows(ctx: DemoContext, buffer: BatchBuffer, people: PeoplePlan, s: StaffPlan) {
  userRow(buffer, s);
  const home = s.locationIndex === null ? undefined : people.locations[s.locationIndex];
  buffer.add('tenant_members', {
    id: s.id,
    tenant_id: ctx.tenantId,
    user_id: s.userId,
    profile: JSON.stringify({
      firstName: s.firstName,
      lastName: s.lastName,
      email: s.email,
      phone: s.phone,
      title: s.title,
      homeLocationId: home?.id ?? null,
      staff: true,
    }),
    status: 'active',
    barcode: s.barcode,
    created_at: iso(s.createdMs),
    updated_at: iso(s.createdMs),
    messages_opt_out_at: null,
  });
  for (const role of s.roles) {
    buffer.add('tenant_roles', {
      tenant_id: ctx.tenantId,
      member_id: s.id,
      role,
      granted_at: iso(s.createdMs),
    });
  }
}

function memberRows(ctx: DemoContext, buffer: BatchBuffer, people: PeoplePlan, m: MemberPlan) {
  userRow(buffer, m);
  // Leaving is the last change to an inactive member's record; others edit their profile.
  const updatedMs =
    m.status === 'active'
      ? m.createdMs + ((m.index * 7919) % Math.max(1, ctx.nowMs - m.createdMs))
      : Math.min(ctx.nowMs, m.activeUntilMs + 30 * DAY_MS);
  buffer.add('tenant_members', {
    id: m.id,
    tenant_id: ctx.tenantId,
    user_id: m.userId,
    profile: JSON.stringify({
      firstName: m.firstName,
      lastName: m.lastName,
      email: m.email,
      phone: m.phone,
      birthDate: m.birthDate,
      homeLocationId: people.locations[m.locationIndex]?.id ?? null,
      marketingOptIn: m.index % 3 !== 0,
    }),
    status: m.status,
    barcode: m.barcode,
    created_at: iso(m.createdMs),
    updated_at: iso(Math.max(m.createdMs, updatedMs)),
    messages_opt_out_at: null,
  });
  buffer.add('tenant_roles', {
    tenant_id: ctx.tenantId,
    member_id: m.id,
    role: 'student',
    granted_at: iso(m.createdMs),
  });
  const sub = m.subscription;
  const plan = sub && people.membershipPlans[sub.planIndex];
  if (sub && plan) {
    buffer.add('subscriptions', {
      id: sub.id,
      tenant_id: ctx.tenantId,
      user_id: m.userId,
      member_id: m.id,
      plan_id: plan.id,
      status: sub.status,
      current_period_start: iso(sub.periodStartMs),
      current_period_end: iso(sub.periodEndMs),
      stripe_subscription_id: `sub_demo${sub.id.replaceAll('-', '').slice(-16)}`,
      created_at: iso(sub.createdMs),
      // No saved card: the renewal billing job (R14) never charges a demo member.
      stripe_customer_id: null,
      stripe_payment_method_id: null,
      billing_retry_count: null,
      next_billing_retry_at: null,
    });
  }
}

/** Locations, staff, members with their roles, membership plans and subscriptions. */
export function* generatePeople(
  ctx: DemoContext,
  people: PeoplePlan,
  buffer: BatchBuffer,
): Generator<DemoBatch> {
  for (const location of people.locations) {
    buffer.add('locations', {
      id: location.id,
      tenant_id: ctx.tenantId,
      name: location.name,
      time_zone: location.region.timeZone,
      address: location.address,
      phone: null,
      created_at: iso(location.createdMs),
    });
  }
  for (const { id, spec } of people.membershipPlans) {
    buffer.add('membership_plans', {
      id,
      tenant_id: ctx.tenantId,
      name: spec.name,
      price: spec.price,
      interval: spec.interval,
      vod_enabled: spec.vodEnabled ? 1 : 0,
      class_limit: spec.classLimit,
      active: spec.active ? 1 : 0,
      created_at: iso(ctx.onboardedMs),
    });
  }
  for (const s of people.staff) staffRows(ctx, buffer, people, s);
  for (const m of people.members) {
    memberRows(ctx, buffer, people, m);
    if (buffer.isFull) yield* buffer.flush();
  }
}
