import type { MutationDefinition } from '../mutation-definition';
import { createCoupon, updateCoupon } from './coupon-mutations';
import { createPlan, definePack, updatePackDefinition, updatePlan } from './offer-mutations';
import { createProduct, updateProduct } from './product-mutations';
import { adjustStock, countStock, receiveStock } from './stock-mutations';
import { createWaiverTemplate, newWaiverVersion } from './waiver-template-mutations';

/** The studio console's mutations for the catalogue: products and stock, pack definitions, membership plans, coupons and waiver templates (issue 16). */
export const catalogueMutations = [
  createProduct,
  updateProduct,
  receiveStock,
  countStock,
  adjustStock,
  definePack,
  updatePackDefinition,
  createPlan,
  updatePlan,
  createCoupon,
  updateCoupon,
  createWaiverTemplate,
  newWaiverVersion,
] as const satisfies readonly MutationDefinition[];
