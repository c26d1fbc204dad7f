import { Alert, Button, CloseButton, Group, Loader, Paper, Select, Stack, Text, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { createPortal } from 'react-dom';
import {
  OVERRIDE_CODES,
  OVERRIDE_LABELS,
  SUPPORT_REFUND_LIMIT_CENTS,
  formatCents,
  parseDollarsToCents,
  refundCreateInputSchema,
  type OverrideCode,
} from '@ops/shared';
import { useActionOf } from '../../components/ActionModal/ActionModal';
import { PreviewForm } from '../../components/ActionModal/PreviewForm';
import { CHANGED_BY, refreshAfter } from '../../lib/invalidate';
import { useSchemaForm } from '../../lib/schema-form';
import { errorMessage, trpc } from '../../lib/trpc';
import { useCan } from '../../lib/use-me';

type Open = 'none' | 'refund';

/** A refusal naming `bookingId` is about the booking the buttons act on, not a field anyone typed. */
const ABOUT_THE_BOOKING = { bookingId: '' };

function refreshBooking(bookingId: string) {
  void refreshAfter(CHANGED_BY.bookingChanged(bookingId));
}

/**
 * Refund, force cancel and force complete for one booking, each shown only to roles that may do it. The refund form
 * opens in `formSlot` when the page gives one (a full-width place under its header), else under the buttons.
 */
export function BookingActions({ bookingId, formSlot = null }: { bookingId: string; formSlot?: HTMLElement | null }) {
  const canRefund = useCan('refunds.execute.limited');
  const canCancel = useCan('bookings.cancel');
  const canComplete = useCan('bookings.complete');
  const booking = useQuery({ ...trpc.bookings.byId.queryOptions({ bookingId }), enabled: canRefund || canCancel || canComplete });
  const [open, setOpen] = useState<Open>('none');

  const cancel = useActionOf(trpc.bookings.cancel, {
    title: 'Force cancel booking',
    fieldLabels: ABOUT_THE_BOOKING,
    refresh: () => refreshBooking(bookingId),
  });
  const complete = useActionOf(trpc.bookings.complete, {
    title: 'Force complete booking',
    fieldLabels: ABOUT_THE_BOOKING,
    refresh: () => refreshBooking(bookingId),
  });

  if (!canRefund && !canCancel && !canComplete) return null;
  if (booking.isPending) return <Loader size="sm" aria-label="Loading booking actions" />;
  if (booking.isError)
    return (
      <Alert color="red" title="Booking actions unavailable">
        {errorMessage(booking.error)}
      </Alert>
    );
  const b = booking.data;
  const openBooking = b.status === 'pending' || b.status === 'confirmed';
  const refundForm =
    open === 'refund' && b.refundRefusal === null ? (
      <Paper component="section" withBorder p="md" radius="md" aria-label="Refund form">
        <Group justify="space-between" align="flex-start" mb="xs">
          <Text fw={600}>Refund booking</Text>
          <CloseButton aria-label="Close the refund form" onClick={() => setOpen('none')} />
        </Group>
        <RefundForm bookingId={bookingId} refundableCents={b.refundableCents} onRefunded={() => setOpen('none')} />
      </Paper>
    ) : null;

  return (
    <Stack gap="xs">
      <Group gap="xs">
        {canRefund && (
          <Button
            variant={open === 'refund' ? 'filled' : 'light'}
            color="orange"
            onClick={() => setOpen(open === 'refund' ? 'none' : 'refund')}
            disabled={b.refundableCents <= 0 || b.refundRefusal !== null}
          >
            Refund
          </Button>
        )}
        {canCancel && openBooking && (
          <Button variant="light" color="red" onClick={() => cancel.start({ bookingId })} loading={cancel.busy}>
            Force cancel
          </Button>
        )}
        {canComplete && openBooking && (
          <Button
            variant="light"
            onClick={() => complete.start({ bookingId })}
            loading={complete.busy}
            disabled={b.completeRefusal !== null}
          >
            Force complete
          </Button>
        )}
      </Group>
      <Text size="xs" c="dimmed">
        Left to refund: {formatCents(b.refundableCents)}
      </Text>
      {b.refundRefusal !== null && (
        <Text size="xs" c="red" maw={320}>
          No refund now: {b.refundRefusal}.
        </Text>
      )}
      {canComplete && openBooking && b.completeRefusal !== null && (
        <Text size="xs" c="dimmed" maw={320}>
          No force complete: {b.completeRefusal}.
        </Text>
      )}
      {refundForm !== null && (formSlot === null ? refundForm : createPortal(refundForm, formSlot))}
      {cancel.modal}
      {complete.modal}
    </Stack>
  );
}

/** After a refund the form empties (and `onRefunded` may close it): a second refund is a new decision, not two clicks. */
export function RefundForm({
  bookingId,
  refundableCents,
  onRefunded,
}: {
  bookingId: string;
  refundableCents: number;
  onRefunded?: () => void;
}) {
  // An empty amount refunds everything left; a code overrides the policy for a full card refund.
  const { form, onSubmit } = useSchemaForm({
    schema: refundCreateInputSchema,
    initialValues: { amount: '', code: null as OverrideCode | null },
    toInput: (v) => {
      const cents = v.amount.trim() === '' ? undefined : (parseDollarsToCents(v.amount) ?? Number.NaN);
      return { bookingId, ...(cents === undefined ? {} : { amountCents: cents }), ...(v.code ? { overrideCode: v.code } : {}) };
    },
    errorFields: { amountCents: 'amount', overrideCode: 'code' },
    check: (v) =>
      v.amount.trim() !== '' && parseDollarsToCents(v.amount) === null
        ? { amount: 'Amount must be dollars such as 25, 1,250 or 10.50 (a point before the cents; empty = everything left)' }
        : {},
  });
  const action = useActionOf(trpc.refunds.create, {
    title: 'Refund booking',
    fieldLabels: { ...ABOUT_THE_BOOKING, amountCents: 'Refund amount', overrideCode: 'Override code' },
    refresh: () => refreshBooking(bookingId),
    onDone: () => {
      form.reset();
      onRefunded?.();
    },
  });
  // Said before the preview: a role with the capped permission only can still ask an admin for more.
  const capped = !useCan('refunds.execute');
  return (
    <PreviewForm action={action} onSubmit={onSubmit((request) => action.start(request))} maw={420}>
      <TextInput
        label="Refund amount"
        description={
          `Dollars; leave empty for everything left (${formatCents(refundableCents)})` +
          (capped
            ? `. Your role can give the student up to ${formatCents(SUPPORT_REFUND_LIMIT_CENTS)} back per booking, card or credit (an instructor's late-cancellation share does not count); more asks an admin to approve.`
            : '')
        }
        placeholder={(refundableCents / 100).toFixed(2)}
        {...form.getInputProps('amount')}
      />
      <Select
        label="Override code"
        description="Sets the timing rules aside: back to the card, none of the refund to the instructor. Needed once the lesson has taken place."
        placeholder="None: apply the policy"
        clearable
        data={OVERRIDE_CODES.map((c) => ({ value: c, label: `${c} — ${OVERRIDE_LABELS[c]}` }))}
        {...form.getInputProps('code')}
      />
    </PreviewForm>
  );
}
