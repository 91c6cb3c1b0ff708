import { z } from 'zod';

/** Money in arguments: integer minor units, up to 1,000,000.00; never a float. */
export const moneySchema = z.number().int().min(0).max(100_000_000);
export const positiveMoneySchema = moneySchema.min(1);

/** Why staff did something that is audited (an override, a refund, cash paid out). */
export const reasonSchema = z.string().trim().min(3).max(200);
