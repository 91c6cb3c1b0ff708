import { z } from 'zod';
import { unknownFields } from '../../automations/automation-template';
import { CHANNELS, TRIGGERS, type TriggerName } from '../../automations/automation-triggers';
import { found } from '../front-desk/desk-rules';
import { MANAGER_ROLES } from '../front-desk/front-desk-roles';
import { defineMutation, MutationRefusal } from '../mutation-definition';

const triggerName = z.enum(Object.keys(TRIGGERS) as [TriggerName, ...TriggerName[]]);

/** A template's text; its merge fields must be ones a send fills. */
const template = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine((text) => unknownFields(text).length === 0, {
      error: (issue) =>
        `unknown merge field ${unknownFields(String(issue.input))
          .map((f) => `{{${f}}}`)
          .join(', ')}`,
    });

const automationArgs = z.strictObject({
  /** Left out to add an automation; given to change one of the studio's own. */
  automationId: z.uuid().optional(),
  trigger: triggerName,
  subject: template(200),
  body: template(5000),
  channels: z
    .array(z.enum(CHANNELS))
    .min(1, 'choose at least one channel')
    .refine((list) => new Set(list).size === list.length, 'a channel is named twice'),
  /** The trigger's tuning (days, credits…); what is left out takes the trigger's default. */
  settings: z.record(z.string(), z.number()).default({}),
  enabled: z.boolean(),
});

/** The trigger's settings as stored: checked by the trigger's own schema, defaults filled. */
function checkedSettings(trigger: TriggerName, settings: Record<string, number>): string {
  const parsed = TRIGGERS[trigger].safeParse(settings);
  if (!parsed.success) {
    throw new MutationRefusal(
      'invalid',
      `automation.save: ${trigger} settings: ${parsed.error.issues
        .map((i) => `${i.path.join('.') || 'settings'}: ${i.message}`)
        .join('; ')}`,
    );
  }
  return JSON.stringify(parsed.data);
}

/**
 * Adds or changes one of the studio's automations (issue 20, R20.1): its trigger and tuning,
 * the message with merge fields, the channels, and whether it is on. The server's job reads
 * it on its next run. Two desks changing one automation offline: the later to reach the
 * server stands, as for settings. Platform templates (no studio) are not edited here.
 */
export const saveAutomation = defineMutation({
  name: 'automation.save',
  description:
    'Adds or changes an automated message: trigger, tuning, template, channels, on or off.',
  args: automationArgs,
  roles: MANAGER_ROLES,
  async run(ctx, args) {
    const settings = checkedSettings(args.trigger, args.settings);
    const values = {
      trigger_event: args.trigger,
      subject: args.subject,
      body: args.body,
      channels: JSON.stringify(args.channels),
      settings,
      is_enabled: args.enabled ? (1 as const) : (0 as const),
    };
    if (args.automationId === undefined) {
      const automationId = ctx.newId();
      await ctx.db
        .insertInto('marketing_automations')
        .values({ id: automationId, tenant_id: ctx.tenantId, created_at: ctx.at, ...values })
        .execute();
      return { automationId, created: true };
    }
    found(
      await ctx.db
        .selectFrom('marketing_automations')
        .select('id')
        .where('tenant_id', '=', ctx.tenantId)
        .where('id', '=', args.automationId)
        .executeTakeFirst(),
      `automation ${args.automationId}`,
    );
    await ctx.db
      .updateTable('marketing_automations')
      .set(values)
      .where('tenant_id', '=', ctx.tenantId)
      .where('id', '=', args.automationId)
      .execute();
    return { automationId: args.automationId, created: false };
  },
  audit: (args, result) => ({
    targetId: result.automationId,
    details: { trigger: args.trigger, enabled: args.enabled, channels: args.channels },
  }),
});

export const automationMutations = [saveAutomation] as const;
