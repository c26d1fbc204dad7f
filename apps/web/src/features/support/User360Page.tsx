import { Alert, Badge, Group, List, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useSuspenseQuery } from '@tanstack/react-query';

import { IconAlertTriangle } from '@tabler/icons-react';
import { lazy, Suspense, useDeferredValue, useState, type ReactNode } from 'react';
import { label, plural, type RevealedPii, type User360 } from '@ops/shared';
import { Money } from '../../components/Money';
import { SectionCard } from '../../components/SectionCard';
import { formatBusinessDate } from '../../lib/business-time';
import { trpc } from '../../lib/trpc';
import { useCan } from '../../lib/use-me';
import { AuditTrailTable } from '../audit/AuditTrailTable';
import { PendingApprovals } from '../approvals/PendingApprovals';
import { PayoutsTable } from '../instructors/PayoutsTable';
import { RefundsTable } from '../refunds/RefundsTable';
import { CreditLedgerTable } from '../students/CreditLedgerTable';
import { NoteCard } from './NoteCard';
import { statusColor, when } from './format';
import { RevealPii } from './RevealPii';
import { SuggestedActions } from './SuggestedActions';
import { NotificationsTable } from './NotificationsTable';
import { UserBookingsTable } from './UserBookingsTable';

/**
 * The profile and the other database panels render from the route's one query; the actions, forms and vendor-backed
 * panels (Stripe, payouts, the trail) arrive in chunks of their own just after, so the page's code is small and its
 * first content does not wait for them.
 */
const StudentActions = lazy(() => import('../students/StudentActions').then((m) => ({ default: m.StudentActions })));
const InstructorActions = lazy(() => import('../instructors/InstructorActions').then((m) => ({ default: m.InstructorActions })));
const PrivacyPanel = lazy(() => import('../privacy/PrivacyPanel').then((m) => ({ default: m.PrivacyPanel })));
const AddNoteForm = lazy(() => import('./AddNoteForm').then((m) => ({ default: m.AddNoteForm })));
const StripePanel = lazy(() => import('./StripePanel').then((m) => ({ default: m.StripePanel })));
const PayoutAccountPanel = lazy(() => import('./PayoutAccountPanel').then((m) => ({ default: m.PayoutAccountPanel })));
const TrailPanel = lazy(() => import('./TrailPanel').then((m) => ({ default: m.TrailPanel })));

/** On a person's page every section is named, by its title unless `label` says otherwise. */
function Section({ title, children, label }: { title: string; children: ReactNode; label?: string }) {
  return (
    <SectionCard title={title} aria-label={label ?? title}>
      {children}
    </SectionCard>
  );
}

function Empty({ children }: { children: ReactNode }) {
  return (
    <Text c="dimmed" size="sm">
      {children}
    </Text>
  );
}

/**
 * In an instructor's third card, where a student's credit stands: what the marketplace owes them (pending and held
 * payouts, as the revenue page counts it), when the next one is due, and whether payouts are held.
 */
function PayoutsOwed({
  instructor,
  payouts,
  listLimit,
}: {
  instructor: NonNullable<User360['profile']['instructor']>;
  payouts: User360['payouts'];
  listLimit: number;
}) {
  const pending = payouts.filter((x) => x.status === 'pending');
  const held = payouts.filter((x) => x.status === 'held');
  const earliest = (xs: typeof payouts): string | null =>
    xs.reduce<string | null>((at, x) => (at === null || x.scheduledFor < at ? x.scheduledFor : at), null);
  const overdue = pending.filter((x) => x.overdue);
  const firstOverdue = earliest(overdue);
  const next = earliest(pending.filter((x) => !x.overdue));
  const parts = [
    pending.length === 0
      ? null
      : `${plural(pending.length, 'pending payout')}${next === null ? '' : `, the next due ${formatBusinessDate(next)}`}`,
    held.length === 0 ? null : plural(held.length, 'held payout'),
  ].filter((part) => part !== null);
  return (
    <Section title="Payouts owed">
      <Money cents={[...pending, ...held].reduce((sum, x) => sum + x.amountCents, 0)} size="xl" fw={700} />
      <Text size="sm">
        {parts.length === 0 ? 'Nothing owed' : parts.join(' · ')}
        {payouts.length >= listLimit && ` (in the latest ${listLimit} payouts)`}
      </Text>
      {firstOverdue !== null && (
        <Text size="sm" c="orange.8" fw={600}>
          {overdue.length === 1 ? '1 is overdue: it was' : `${overdue.length} are overdue: the first was`} due{' '}
          {formatBusinessDate(firstOverdue)}
        </Text>
      )}
      {instructor.payoutHold ? (
        <Text size="sm" c="red" mt={4}>
          Payouts held{instructor.payoutHoldReason ? ` (${instructor.payoutHoldReason})` : ''}
        </Text>
      ) : (
        <Text size="sm" c="dimmed" mt={4}>
          Payouts flow normally
        </Text>
      )}
    </Section>
  );
}

function Profile({
  view,
  revealed,
  onRevealed,
}: {
  view: User360;
  revealed: RevealedPii | null;
  onRevealed: (p: RevealedPii) => void;
}) {
  const canReveal = useCan('users.pii.reveal');
  const p = view.profile;
  return (
    <Section title="Profile">
      <Stack gap={6}>
        <Group justify="space-between">
          <Text size="sm" c="dimmed">
            Contact {revealed ? '(revealed)' : '(masked)'}
          </Text>
          {canReveal && !revealed && p.erasedAt === null && <RevealPii userId={p.id} onRevealed={onRevealed} />}
        </Group>
        <Text data-testid="profile-name">{revealed ? `${revealed.firstName} ${revealed.lastName}` : p.displayName}</Text>
        <Text data-testid="profile-email">{revealed ? revealed.email : p.maskedEmail}</Text>
        <Text data-testid="profile-phone">{(revealed ? revealed.phone : p.maskedPhone) ?? 'No phone'}</Text>
        <Text size="sm" c="dimmed">
          Joined {when(p.createdAt)} · {p.verified ? 'email verified' : 'email not verified'}
        </Text>
        {p.instructor && (
          <Text size="sm">
            {p.instructor.city} · background check {label(p.instructor.backgroundCheckStatus).toLowerCase()} ·{' '}
            {label(p.instructor.commissionTier).toLowerCase()} tier
          </Text>
        )}
      </Stack>
    </Section>
  );
}

export function User360Page({ userId }: { userId: string }) {
  const view = useSuspenseQuery(trpc.support.user.queryOptions({ userId })).data;
  const [revealed, setRevealed] = useState<RevealedPii | null>(null);
  // The panels below the first screen render in a second, deferred pass once the profile is on screen.
  const showRest = useDeferredValue(true, false);
  const p = view.profile;
  const s = view.stats;
  // An erased person is a tombstone kept for the records: the page still reads, but offers no action on them.
  const erasedOn = p.erasedAt === null ? null : formatBusinessDate(p.erasedAt);
  return (
    <Stack>
      <Group justify="space-between" align="flex-start">
        <Stack gap={4}>
          <Title order={2}>{revealed ? `${revealed.firstName} ${revealed.lastName}` : p.displayName}</Title>
          <Group gap="xs" aria-label="Account flags">
            <Badge variant="outline">{label(p.role)}</Badge>
            <Badge color={statusColor(p.status)}>{label(p.status)}</Badge>
            {erasedOn !== null && (
              <Badge color="gray" variant="outline">
                Erased on {erasedOn}
              </Badge>
            )}
            {/* A flag that only repeats the status badge ("Suspended" twice) is left out. */}
            {view.flags
              .filter((f) => f.label.toLowerCase() !== p.status.toLowerCase())
              .map((f) => (
                <Badge
                  key={f.code}
                  color={f.severity === 'danger' ? 'red' : f.severity === 'warning' ? 'yellow' : 'gray'}
                  variant="light"
                >
                  {f.label}
                </Badge>
              ))}
          </Group>
        </Stack>
        <Suspense fallback={null}>
          {erasedOn !== null ? (
            <Text size="sm" c="dimmed" maw={320}>
              Erased on {erasedOn}: the record is kept as the law requires, and no action can be taken on this person.
            </Text>
          ) : p.role === 'student' ? (
            <StudentActions userId={p.id} status={p.status} />
          ) : p.instructor ? (
            <InstructorActions userId={p.id} instructor={{ ...p.instructor, status: p.status }} />
          ) : null}
        </Suspense>
      </Group>

      {view.warnings.length > 0 && (
        <Alert color="yellow" icon={<IconAlertTriangle size={18} />} title="Warnings">
          <List size="sm">
            {view.warnings.map((w) => (
              <List.Item key={w}>{w}</List.Item>
            ))}
          </List>
        </Alert>
      )}
      <PendingApprovals rows={view.pendingApprovals} />
      <SuggestedActions actions={view.suggestedActions} />

      <SimpleGrid cols={{ base: 1, md: 3 }}>
        <Profile view={view} revealed={revealed} onRevealed={setRevealed} />
        <Section title="Activity">
          <Stack gap={4}>
            <Text size="sm">
              {plural(s.bookingsTotal, 'booking')} · {s.completed} completed · {s.cancelled} cancelled ·{' '}
              {/* A non-breaking hyphen: the line wraps between counts, not inside "no-show". */}
              {plural(s.noShows, 'no\u2011show')} · {s.upcoming} upcoming
              {s.notMarked > 0 && ` · ${s.notMarked} past, not marked completed`}
            </Text>
            <Text size="sm">
              Completed value <Money cents={s.completedValueCents} size="sm" /> · refunded{' '}
              <Money cents={s.refundedCents} size="sm" />
            </Text>
            <Text size="sm">
              {plural(s.failedPayments, view.profile.role === 'instructor' ? 'failed student payment' : 'failed payment')} ·{' '}
              {plural(s.disputes, 'dispute')}
            </Text>
          </Stack>
        </Section>
        {p.instructor ? (
          <PayoutsOwed instructor={p.instructor} payouts={view.payouts} listLimit={view.listLimit} />
        ) : (
          <Section title="Credit">
            <Text size="sm" c="dimmed">
              Balance
            </Text>
            <Money cents={view.creditBalanceCents} size="xl" fw={700} data-testid="support-credit-balance" />
          </Section>
        )}
      </SimpleGrid>

      {/* Below the first screen: rendered just after the profile is on screen (a deferred render), not before it. */}
      {showRest && (
        <>
          <Section
            title={
              s.bookingsTotal > view.listLimit
                ? `Bookings (latest ${view.listLimit} of ${s.bookingsTotal.toLocaleString()})`
                : 'Bookings'
            }
            label="Bookings"
          >
            <UserBookingsTable rows={view.bookings} role={p.role} />
          </Section>

          {/* Stripe's charges table needs the whole width; refunds and fraud signals follow below it. */}
          <SimpleGrid cols={1}>
            <Suspense fallback={null}>
              {/* Instructors are paid through their connected account; a customer is what a student pays with. */}
              {/* Erasure deletes the customer on purpose: an erased student has no Stripe panel to read. */}
              {(p.hasStripeCustomer || (p.role === 'student' && erasedOn === null)) && <StripePanel userId={p.id} />}
              {p.role === 'instructor' && <PayoutAccountPanel userId={p.id} />}
            </Suspense>
            <Section title="Refunds and fraud signals" label="Refunds">
              {view.fraudSignals.length > 0 ? (
                <Alert color="red" title="Fraud signals" mb="sm">
                  <List size="sm">
                    {view.fraudSignals.map((f) => (
                      <List.Item key={f.code}>{f.label}</List.Item>
                    ))}
                  </List>
                </Alert>
              ) : (
                <Text size="sm" c="dimmed" mb="xs">
                  No fraud signals.
                </Text>
              )}
              <RefundsTable rows={view.refunds} label="Refunds" empty="No refunds." showBooking />
            </Section>
          </SimpleGrid>

          <SimpleGrid cols={{ base: 1, md: 2 }}>
            {p.role === 'instructor' ? (
              <Section title="Payouts">
                <PayoutsTable rows={view.payouts} />
              </Section>
            ) : (
              <Section title="Credit ledger">
                <CreditLedgerTable rows={view.ledger} />
              </Section>
            )}
            <Section title="Notifications sent" label="Notifications">
              <NotificationsTable rows={view.notifications} />
            </Section>
          </SimpleGrid>

          <SimpleGrid cols={{ base: 1, md: 2 }}>
            <Section title="Notes">
              <Stack>
                <NotesList view={view} />
                {erasedOn === null && <AddNoteFormIfAllowed userId={p.id} bookings={view.bookings} />}
              </Stack>
            </Section>
            <Section title="Audit trail">
              <AuditTrailTable rows={view.audit} label="Audit trail" empty="No staff actions recorded on this person." />
            </Section>
          </SimpleGrid>

          <Suspense fallback={null}>
            <TrailPanel input={{ userId: p.id }} />
          </Suspense>

          {/* Rare requests (export, erase) last: the first screen is for what support reads on every call. */}
          <Suspense fallback={null}>
            <PrivacyPanel userId={p.id} erasedOn={erasedOn} />
          </Suspense>
        </>
      )}
    </Stack>
  );
}

function AddNoteFormIfAllowed({ userId, bookings }: { userId: string; bookings: User360['bookings'] }) {
  const canNote = useCan('bookings.note');
  if (!canNote) return null;
  return (
    <Suspense fallback={null}>
      <AddNoteForm userId={userId} bookings={bookings.map((b) => ({ id: b.id, shortId: b.shortId }))} />
    </Suspense>
  );
}

function NotesList({ view }: { view: User360 }) {
  if (view.notes.length === 0) return <Empty>No notes yet.</Empty>;
  return (
    <Stack gap="xs" aria-label="Notes list">
      {view.notes.map((n) => (
        <NoteCard key={n.id} note={n} linkBooking />
      ))}
    </Stack>
  );
}
