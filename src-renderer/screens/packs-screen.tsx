import { useMemo, useState } from 'react';
import { useDesk, useDeskQuery } from '../desk/desk-context';
import type { FoundMember, SaleResult } from '../desk/operation-shapes';
import { formatMoney } from '../desk/money';
import { useStudioTime } from '../desk/use-studio-time';
import { ErrorNote } from '../shell/error-note';
import { MemberSearch } from '../shell/member-search';
import { TenderPanel } from '../shell/tender-panel';
import { SaleReceipt } from './sale-receipt';

/** Class packs: choose the member, see their credits, sell them a pack. */
export function PacksScreen() {
  const desk = useDesk();
  const clock = useStudioTime();
  const [member, setMember] = useState<FoundMember | null>(null);
  const [packId, setPackId] = useState<string | null>(null);
  const [sold, setSold] = useState<SaleResult | null>(null);
  const catalog = useDeskQuery('pos.catalog', {});
  const at = useMemo(() => new Date().toISOString(), [member]);
  const profile = useDeskQuery('member.profile', member ? { memberId: member.memberId, at } : null);
  const pack = catalog.data?.packs.find((p) => p.packDefinitionId === packId);
  const currency = catalog.data?.currency ?? 'USD';

  return (
    <div className="packs columns">
      <section className="card" aria-label="Pack member">
        {member ? (
          <>
            <h2>
              {member.firstName} {member.lastName}
            </h2>
            <button
              type="button"
              className="link"
              onClick={() => {
                setMember(null);
              }}
            >
              Another member
            </button>
            <ErrorNote error={profile.error} />
            {profile.data && (
              <>
                <p role="status" aria-label="Pack credits">
                  {profile.data.packCredits} pack credits
                </p>
                <ul>
                  {profile.data.allPacks.map((p) => (
                    <li key={p.packId} className={p.usable ? '' : 'muted'}>
                      {p.name}: {p.remainingCredits} of {p.initialCredits} left
                      {p.expiresAt ? `, expires ${clock.dateTime(p.expiresAt)}` : ''}
                    </li>
                  ))}
                </ul>
              </>
            )}
          </>
        ) : (
          <MemberSearch label="Member for the pack" onChoose={setMember} />
        )}
      </section>
      <section className="card" aria-label="Sell a pack">
        <h2>Sell a pack</h2>
        <ErrorNote error={catalog.error} />
        <div className="row" role="radiogroup" aria-label="Pack">
          {catalog.data?.packs.map((p) => (
            <label key={p.packDefinitionId} className="inline">
              <input
                type="radio"
                name="pack"
                checked={packId === p.packDefinitionId}
                onChange={() => {
                  setPackId(p.packDefinitionId);
                }}
              />
              {p.name} — {p.credits} credits, {formatMoney(p.price, currency)}
            </label>
          ))}
        </div>
        {pack && member && (
          <TenderPanel
            total={pack.price}
            currency={currency}
            submitLabel="Sell pack"
            onSubmit={async (tenders) => {
              setSold(
                await desk.mutate('pack.sell', {
                  memberId: member.memberId,
                  packDefinitionId: pack.packDefinitionId,
                  unitPrice: pack.price,
                  tenders,
                }),
              );
            }}
          />
        )}
        {!member && <p className="hint">Choose the member first.</p>}
        {sold && (
          <SaleReceipt
            orderId={sold.orderId}
            changeDue={sold.changeDue}
            currency={currency}
            onNewSale={() => {
              setSold(null);
            }}
          />
        )}
      </section>
    </div>
  );
}
