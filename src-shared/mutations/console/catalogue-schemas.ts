import { z } from 'zod';

/** What a catalogue record is called on the POS grid, a receipt and the console. */
export const catalogueNameSchema = z.string().trim().min(1).max(120);

/** A stock keeping unit or shelf barcode: what staff type or the scanner reads; null for none. */
export const productCodeSchema = z.string().trim().min(1).max(64).nullable();

/** Units of one product: a studio's shelf, never a warehouse. */
export const MAX_STOCK_UNITS = 1_000_000;
export const stockUnitsSchema = z.number().int().min(0).max(MAX_STOCK_UNITS);

/**
 * A business timestamp in arguments, in UTC. Stored as `ctx.at` is (toISOString), because
 * rules compare timestamps as text.
 */
export const timestampSchema = z.iso.datetime().transform((at) => new Date(at).toISOString());
