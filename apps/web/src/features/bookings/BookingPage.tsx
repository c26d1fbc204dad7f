import { Badge, Group, SimpleGrid, Stack, Text, Timeline, Title } from '@mantine/core';
import { useSuspenseQuery } from '@tanstack/react-query';
import { lazy, Suspense, useEffect, useRef, useState } from 'react';

import { IconClock, IconPoint } from '@tabler/icons-react';
import { disputeAwaitsEvidence, label, type BookingDetail } from '@ops/shared';
import { linkColumn, whenColumn } from '../../components/DataTable/columns';
import { DataTable, type DataTableColumn } from '../../components/DataTable/DataTable';
import { Money } from '../../components/Money';
import { SectionCard } from '../../components/SectionCard';
import { trpc } from '../../lib/trpc';
import { useCan } from '../../lib/use-me';
import { PendingApprovals } from '../approvals/PendingApprovals';
import { AuditTrailTable } from '../audit/AuditTrailTable';
import { RefundsTable } from '../refunds/RefundsTable';
import { NoteCard } from '../support/NoteCard';
import { statusColor, when } from '../support/format';
import { AnchorLink } from '../../components/RouterLinks';
import { CHANGED_BY, refreshAfter } from '../../lib/invalidate';
import { formatBusinessDate } from '../../lib/business-time';
import { statusColumn } from '../support/StatusBadge';
import { SuggestedActions } from '../support/SuggestedActions';

/**
 * The booking's database panels render from the route's one query; the actions, the forms and the vendor-backed trail
 * arrive in chunks of their own just after, as on a person's page, so the page's first content does not wait for them.
 */
const BookingActions = lazy(() => import('./BookingActions').then((m) => ({ default: m.BookingActions })));
const ResendNotification = lazy(() => import('../support/ResendNotification').then((m) => ({ default: m.ResendNotification })));
const AddNoteForm = lazy(() => import('../support/AddNoteForm').then((m) => ({ default: m.AddNoteForm })));
const TrailPanel = lazy(() => import('../support/TrailPanel').then((m) => ({ default: m.TrailPanel })));

/** While a refund waits on Stripe the page asks again this often, so its outcome shows without a reload. */
const PENDING_REFUND_REFETCH_MS = 3_000;

const webhookColumns: Array<DataTableColumn<BookingDetail['webhooks'][number]>> = [
  whenColumn('when', 'Received', (w) => w.receivedAt),
  linkColumn(
    'event',
    'Event',
    (w) => `${w.source} ${w.type}`,
    (w) => ({ to: '/webhooks/$eventId', params: { eventId: w.id } }),
  ),
  statusColumn((w) => w.status),
];

/** A payment step as it stands: "Authorized Oct 21, …" once done, "Authorizes Oct 21, …" while planned, else nothing. */
function step(done: string, planned: string, doneAt: string | null, plannedAt: string | null): string | null {
  if (doneAt !== null) return `${done} ${when(doneAt)}`;
  return plannedAt === null ? null : `${planned} ${when(plannedAt)}`;
}

export function BookingPage({ bookingId }: { bookingId: string }) {
  const detail = useSuspenseQuery({
    ...trpc.bookings.detail.queryOptions({ bookingId }),
    refetchInterval: (q) => (q.state.data?.refunds.some((r) => r.status === 'pending') ? PENDING_REFUND_REFETCH_MS : false),
  }).data;
  // When a refund settles (Stripe's webhook or the reconciler), what is left to refund changes too.
  const settled = detail.refunds.map((r) => `${r.id}:${r.status}`).join(',');
  const seen = useRef(settled);
  useEffect(() => {
    if (seen.current === settled) return;
    seen.current = settled;
    void refreshAfter(CHANGED_BY.bookingChanged(bookingId));
  }, [settled, bookingId]);
  const canResend = useCan('notifications.resend');
  const canNote = useCan('bookings.note');
  // An erased student is not written to or noted of again (the server refuses both): the page offers neither.
  const erasedOn = detail.student.erasedAt === null ? null : formatBusinessDate(detail.student.erasedAt);
  const { booking: b, payment } = detail;
  const stepsDone = detail.timeline.filter((e) => !e.scheduled).length;
  // A full release cancels the payment: say what was let go (no money was taken), as the timeline does — a held
  // authorization, or the one scheduled for later that never reached the card.
  const released = payment?.status === 'cancelled' && detail.timeline.some((e) => e.kind === 'released');
  const releasedWord = payment?.authorizedAt ? 'Authorization released' : 'Cancelled before authorization';
  const paymentWord = payment ? (released ? releasedWord : label(payment.status)) : null;
  // The refund form opens here, under the header and across the page, not squeezed beside the title.
  const [formSlot, setFormSlot] = useState<HTMLDivElement | null>(null);
  return (
    <Stack>
      <Group justify="space-between" align="flex-start">
        <Stack gap={4}>
          <Title order={2}>Booking {b.shortId}</Title>
          <Group gap="xs">
            <Badge color={statusColor(b.status)}>{label(b.status)}</Badge>
            {payment && (
              <Badge color={statusColor(payment.status)} variant="light">
                payment {(paymentWord ?? '').toLowerCase()}
              </Badge>
            )}
            {payment?.disputedAt && (
              <Badge color="red">disputed ({payment.disputeStatus ? label(payment.disputeStatus).toLowerCase() : 'open'})</Badge>
            )}
          </Group>
          <Text size="sm">
            Student{' '}
            <AnchorLink to="/support/users/$userId" params={{ userId: detail.student.id }}>
              {detail.student.displayName}
            </AnchorLink>{' '}
            ({detail.student.maskedEmail}) · Instructor{' '}
            <AnchorLink to="/support/users/$userId" params={{ userId: detail.instructor.id }}>
              {detail.instructor.displayName}
            </AnchorLink>
          </Text>
        </Stack>
        <Suspense fallback={null}>
          <BookingActions bookingId={b.id} formSlot={formSlot} />
        </Suspense>
      </Group>
      <div ref={setFormSlot} style={{ display: 'contents' }} />

      <SuggestedActions actions={detail.suggestedActions} />

      <SimpleGrid cols={{ base: 1, md: 3 }}>
        <SectionCard title="Lesson" titleGap="xs" aria-label="Lesson">
          <Text size="sm">
            {when(b.lessonStart)} · {b.durationMinutes} min · {b.serviceName}
          </Text>
          <Text size="sm">
            Price <Money cents={b.priceCents} size="sm" /> · fee <Money cents={b.platformFeeCents} size="sm" /> · instructor{' '}
            <Money cents={b.instructorPayoutCents} size="sm" />
          </Text>
          {b.creditsAppliedCents > 0 && (
            <Text size="sm">
              Credits applied <Money cents={b.creditsAppliedCents} size="sm" />
            </Text>
          )}
        </SectionCard>
        <SectionCard title="Payment" titleGap="xs" aria-label="Payment">
          {payment ? (
            <Stack gap={2}>
              <Text size="sm">
                <Money cents={payment.amountCents} size="sm" /> · {paymentWord}
                {payment.amountRefundedCents > 0 && (
                  <>
                    {' '}
                    · refunded <Money cents={payment.amountRefundedCents} size="sm" />
                  </>
                )}
              </Text>
              {payment.cardLast4 && (
                <Text size="sm">
                  {payment.cardBrand ?? 'card'} ····{payment.cardLast4}
                </Text>
              )}
              {released ? (
                <Text size="xs" c="dimmed">
                  Nothing will be authorized or captured; the card was never charged.
                </Text>
              ) : (
                <Text size="xs" c="dimmed">
                  {[
                    step('Authorized', 'Authorizes', payment.authorizedAt, payment.authorizeAt),
                    step('Captured', 'Captures', payment.capturedAt, payment.captureAt),
                  ]
                    .filter((x) => x !== null)
                    .join(' · ')}
                </Text>
              )}
              {payment.disputedAt && payment.disputeEvidenceDueBy && disputeAwaitsEvidence(payment.disputeStatus) && (
                <Text size="sm" c="red">
                  Dispute evidence due {when(payment.disputeEvidenceDueBy)}
                </Text>
              )}
              {payment.failureCode && (
                <Text size="sm" c="red">
                  {label(payment.failureCode)}: {payment.failureMessage}
                </Text>
              )}
            </Stack>
          ) : (
            <Text size="sm" c="dimmed">
              No payment record.
            </Text>
          )}
        </SectionCard>
        {canResend && (
          <SectionCard title="Notifications" titleGap="xs">
            {erasedOn === null ? (
              <Suspense fallback={null}>
                <ResendNotification bookingId={b.id} bookingStatus={b.status} />
              </Suspense>
            ) : (
              <Text size="sm" c="dimmed">
                The student was erased on {erasedOn}: nothing is sent to them any more.
              </Text>
            )}
          </SectionCard>
        )}
      </SimpleGrid>

      <SectionCard title="Refunds" aria-label="Refunds">
        <Stack gap="sm">
          <PendingApprovals rows={detail.pendingApprovals} />
          <RefundsTable
            rows={detail.refunds}
            label="Booking refunds"
            empty={detail.pendingApprovals.length > 0 ? 'No refunds made yet.' : 'No refunds on this booking.'}
          />
        </Stack>
      </SectionCard>

      <SectionCard title="Timeline">
        <Timeline active={stepsDone - 1} bulletSize={20} lineWidth={2} aria-label="Booking timeline">
          {detail.timeline.map((e, i) => (
            <Timeline.Item
              key={`${e.kind}:${e.at}:${i}`}
              bullet={e.scheduled ? <IconClock size={12} /> : <IconPoint size={12} />}
              title={
                <Group gap={6}>
                  <Text size="sm" fw={600}>
                    {e.label}
                  </Text>
                  {e.scheduled && (
                    <Badge size="xs" variant="outline">
                      scheduled
                    </Badge>
                  )}
                </Group>
              }
              lineVariant={e.scheduled ? 'dashed' : 'solid'}
            >
              <Text size="xs" c="dimmed">
                {when(e.at)}
              </Text>
              {e.detail && (
                <Text size="sm" lineClamp={3}>
                  {e.detail}
                </Text>
              )}
            </Timeline.Item>
          ))}
        </Timeline>
      </SectionCard>

      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <SectionCard title="Notes" aria-label="Notes">
          <Stack>
            {detail.notes.length === 0 ? (
              <Text size="sm" c="dimmed">
                No notes on this booking.
              </Text>
            ) : (
              detail.notes.map((n) => <NoteCard key={n.id} note={n} />)
            )}
            {canNote && erasedOn === null && (
              <Suspense fallback={null}>
                <AddNoteForm userId={detail.student.id} bookingId={b.id} />
              </Suspense>
            )}
          </Stack>
        </SectionCard>
        <SectionCard title="Audit entries" aria-label="Audit and webhooks">
          <AuditTrailTable rows={detail.audit} label="Booking audit" empty="No staff actions on this booking." />
          <Title order={5} mt="md" mb="xs">
            Webhook events
          </Title>
          <DataTable
            name="Webhook events"
            storageKey="support.booking-webhooks"
            columns={webhookColumns}
            rows={detail.webhooks}
            empty="No webhook events touched this booking."
            tableProps={{ striped: true, fz: 'sm' }}
          />
        </SectionCard>
      </SimpleGrid>

      <Suspense fallback={null}>
        <TrailPanel input={{ bookingId: b.id }} />
      </Suspense>
    </Stack>
  );
}
