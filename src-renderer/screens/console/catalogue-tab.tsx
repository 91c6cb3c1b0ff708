import { useState } from 'react';
import { useDeskQuery } from '../../desk/desk-context';
import { CouponsSection } from './coupons-section';
import { PackDefinitionsSection } from './pack-definitions-section';
import { PlansSection } from './plans-section';
import { ProgressMetricsSection } from './progress-metrics-section';
import { ProductsSection } from './products-section';
import { WaiversSection } from './waivers-section';

const PARTS = [
  ['products', 'Products'],
  ['packs', 'Class packs'],
  ['plans', 'Membership plans'],
  ['coupons', 'Coupons'],
  ['waivers', 'Waivers'],
  ['progress', 'Progress'],
] as const;
type Part = (typeof PARTS)[number][0];

/** What the studio sells and has signed: each part stays mounted, so no half-made form is lost. */
export function CatalogueTab() {
  const settings = useDeskQuery('studio.settings', {});
  const currency = settings.data?.currency ?? 'USD';
  const [part, setPart] = useState<Part>('products');
  const show = (name: Part) => ({ hidden: part !== name });
  return (
    <div className="catalogue">
      <div className="row" role="group" aria-label="Catalogue">
        {PARTS.map(([name, label]) => (
          <button
            key={name}
            type="button"
            aria-pressed={part === name}
            onClick={() => {
              setPart(name);
            }}
          >
            {label}
          </button>
        ))}
      </div>
      <div {...show('products')}>
        <ProductsSection currency={currency} />
      </div>
      <div {...show('packs')}>
        <PackDefinitionsSection currency={currency} />
      </div>
      <div {...show('plans')}>
        <PlansSection currency={currency} />
      </div>
      <div {...show('coupons')}>
        <CouponsSection currency={currency} />
      </div>
      <div {...show('waivers')}>
        <WaiversSection />
      </div>
      <div {...show('progress')}>
        <ProgressMetricsSection />
      </div>
    </div>
  );
}
