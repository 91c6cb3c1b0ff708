import { useState } from 'react';
import type { SyntheticEvent } from 'react';
import type { QueryResult } from '../../../src-shared/bridge/desk-operations';
import { useDesk, useDeskQuery } from '../../desk/desk-context';
import { centsToInput, formatMoney, parseMoney } from '../../desk/money';
import { useStudioTime } from '../../desk/use-studio-time';
import { CatalogueList } from './catalogue-list';
import { CheckField, Field, FormFoot, SelectField } from './console-fields';
import { dayOf, endOfDay, startOfDay } from './coupon-dates';
import { parseOptionalWhole, parseWhole } from './console-input';
import { lastSegmentIn, type FieldErrors } from './console-refusals';
import { createOrEdit } from './create-or-edit';
import { useSubmit } from './use-submit';
import { useTextForm } from './use-text-form';

type Coupon = QueryResult<'catalogue.coupons'>[number];
type DiscountType = Coupon['discount']['type'];
const FIELDS = ['code', 'value', 'startsAt', 'expiresAt', 'maxRedemptions'] as const;
type CouponField = (typeof FIELDS)[number];
const fieldOf = lastSegmentIn(FIELDS);

const TYPES = [
  ['percent', 'Percent off'],
  ['amount', 'Amount off'],
] as const;

function discountOf(type: DiscountType, text: string): number | null {
  return type === 'percent' ? parseWhole(text, 1, 100) : parseMoney(text);
}

/** Coupons (`catalogue.coupons`, `coupon.create`, `coupon.update`). */
export function CouponsSection(props: { readonly currency: string }) {
  const coupons = useDeskQuery('catalogue.coupons', {});
  const { timeZone } = useStudioTime();
  return (
    <CatalogueList
      title="Coupons"
      rows={coupons}
      idOf={(c) => c.couponId}
      nameOf={(c) => c.code}
      isActive={(c) => c.active}
      describe={(c) => (
        <>
          {c.code}:{' '}
          {c.discount.type === 'percent'
            ? `${c.discount.value}% off`
            : `${formatMoney(c.discount.value, props.currency)} off`}
          , used {c.redemptionsUsed}
          {c.maxRedemptions === null ? '' : ` of ${c.maxRedemptions}`}
          {c.expiresAt === null ? '' : `, until ${dayOf(c.expiresAt, timeZone, true)}`}
          {c.active ? '' : ' (off)'}
        </>
      )}
      form={(c, onClose) => <CouponForm coupon={c} onClose={onClose} />}
    />
  );
}

function CouponForm(props: { readonly coupon: Coupon | null; readonly onClose: () => void }) {
  const desk = useDesk();
  const { timeZone } = useStudioTime();
  const [opened, setOpened] = useState(props.coupon);
  const [type, setType] = useState<DiscountType>(opened?.discount.type ?? 'percent');
  const [active, setActive] = useState(opened?.active ?? true);
  const submit = useSubmit(fieldOf);
  const initial = {
    code: opened?.code ?? '',
    value:
      opened === null
        ? ''
        : opened.discount.type === 'amount'
          ? centsToInput(opened.discount.value)
          : String(opened.discount.value),
    startsAt: dayOf(opened?.startsAt ?? null, timeZone),
    expiresAt: dayOf(opened?.expiresAt ?? null, timeZone, true),
    maxRedemptions:
      opened === null || opened.maxRedemptions === null ? '' : String(opened.maxRedemptions),
  };
  const { text, setText, bind } = useTextForm<CouponField>(initial, submit.fieldErrors);
  const label = opened ? `Edit coupon ${opened.code}` : 'Add a coupon';

  const check = (): FieldErrors<CouponField> => {
    const errors: FieldErrors<CouponField> = {};
    if (!/^[A-Za-z0-9_-]{3,32}$/.test(text.code.trim())) {
      errors.code = '3 to 32 letters, digits, - or _.';
    }
    if (discountOf(type, text.value) === null) {
      errors.value =
        type === 'percent' ? 'A whole percent from 1 to 100.' : 'An amount such as 5.00.';
    }
    if (text.startsAt !== '' && startOfDay(text.startsAt, timeZone) === null)
      errors.startsAt = 'A date.';
    if (text.expiresAt !== '' && endOfDay(text.expiresAt, timeZone) === null)
      errors.expiresAt = 'A date.';
    if (text.startsAt !== '' && text.expiresAt !== '' && text.expiresAt < text.startsAt) {
      errors.expiresAt = 'A coupon starts before it expires.';
    }
    if (parseOptionalWhole(text.maxRedemptions, 1, 1_000_000) === undefined) {
      errors.maxRedemptions = 'Empty for no limit, or a whole number.';
    }
    return errors;
  };

  const save = (event: SyntheticEvent) => {
    event.preventDefault();
    void submit.run(check, async () => {
      // An unchanged date keeps the instant stored, so it is no change at all.
      const startsAt =
        opened && text.startsAt === initial.startsAt
          ? opened.startsAt
          : text.startsAt === ''
            ? null
            : startOfDay(text.startsAt, timeZone);
      const expiresAt =
        opened && text.expiresAt === initial.expiresAt
          ? opened.expiresAt
          : text.expiresAt === ''
            ? null
            : endOfDay(text.expiresAt, timeZone);
      const values = {
        code: text.code.trim(),
        discount: { type, value: discountOf(type, text.value) ?? 1 },
        startsAt,
        expiresAt,
        maxRedemptions: parseOptionalWhole(text.maxRedemptions, 1, 1_000_000) ?? null,
      };
      return createOrEdit({
        opened,
        values,
        active,
        name: `Coupon ${values.code}`,
        before: (c) => ({
          code: c.code,
          discount: c.discount,
          startsAt: c.startsAt,
          expiresAt: c.expiresAt,
          maxRedemptions: c.maxRedemptions,
          active: c.active,
        }),
        create: async (v) => {
          await desk.mutate('coupon.create', v);
          setText({ code: '', value: '', startsAt: '', expiresAt: '', maxRedemptions: '' });
        },
        update: (c, edit) => desk.mutate('coupon.update', { couponId: c.couponId, ...edit }),
        reopen: setOpened,
      });
    });
  };

  return (
    <form className="card" aria-label={label} onSubmit={save} noValidate>
      <h3>{label}</h3>
      <Field label="Coupon code" autoComplete="off" {...bind('code')} />
      <SelectField label="Discount" value={type} options={TYPES} onChange={setType} />
      <Field
        label={type === 'percent' ? 'Percent off' : 'Amount off'}
        inputMode="decimal"
        {...bind('value')}
      />
      <Field label="Valid from" type="date" hint="Empty: from now." {...bind('startsAt')} />
      <Field label="Valid until" type="date" hint="Empty: no end." {...bind('expiresAt')} />
      <Field
        label="Uses allowed"
        inputMode="numeric"
        hint="Empty: no limit."
        {...bind('maxRedemptions')}
      />
      {opened && <CheckField label="Active" checked={active} onChange={setActive} />}
      <FormFoot
        submit={submit}
        action={opened ? 'Save coupon' : 'Add coupon'}
        onClose={opened ? props.onClose : undefined}
      />
    </form>
  );
}
