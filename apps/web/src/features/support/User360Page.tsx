import { Alert, Badge, Button, Card, Group, List, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useSuspenseQuery } from '@tanstack/react-query';

import { IconAlertTriangle } from '@tabler/icons-react';
import { lazy, Suspense, useDeferredValue, useState, type ReactNode } from 'react';
import { label, NOTE_KIND_LABELS, plural, type RevealedPii, type User360 } from '@ops/shared';
import { Money } from '../../components/Money';
import { trpc } from '../../lib/trpc';
import { useCan } from '../../lib/use-me';
import { statusColor, when } from './format';
import { RevealPii } from './RevealPii';
import { AnchorLink } from '../../components/RouterLinks';
import { SuggestedActions } from './SuggestedActions';

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

function Section({ title, children, label }: { title: string; children: ReactNode; label?: string }) {
  return (
    <Card withBorder aria-label={label ?? title}>
      <Title order={4} mb="sm">
        {title}
      </Title>
      {children}
    </Card>
  );
}

function Empty({ children }: { children: ReactNode }) {
  return (
    <Text c="dimmed" size="sm">
      {children}
    </Text>
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
          {canReveal && !revealed && <RevealPii userId={p.id} onRevealed={onRevealed} />}
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
  // The first render draws the header, profile, activity and credit only; React renders the rest right after.
  const showRest = useDeferredValue(true, false);
  const p = view.profile;
  const s = view.stats;
  return (
    <Stack>
      <Group justify="space-between" align="flex-start">
        <Stack gap={4}>
          <Title order={2}>{revealed ? `${revealed.firstName} ${revealed.lastName}` : p.displayName}</Title>
          <Group gap="xs" aria-label="Account flags">
            <Badge variant="outline">{label(p.role)}</Badge>
            <Badge color={statusColor(p.status)}>{label(p.status)}</Badge>
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
          {p.role === 'student' ? <StudentActions userId={p.id} /> : <InstructorActions userId={p.id} />}
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
      <SuggestedActions actions={view.suggestedActions} />
      <Suspense fallback={null}>
        <PrivacyPanel userId={p.id} />
      </Suspense>

      <SimpleGrid cols={{ base: 1, md: 3 }}>
        <Profile view={view} revealed={revealed} onRevealed={setRevealed} />
        <Section title="Activity">
          <Stack gap={4}>
            <Text size="sm">
              {plural(s.bookingsTotal, 'booking')} · {s.completed} completed · {s.cancelled} cancelled · {s.upcoming} upcoming
            </Text>
            <Text size="sm">
              Completed value <Money cents={s.completedValueCents} size="sm" /> · refunded{' '}
              <Money cents={s.refundedCents} size="sm" />
            </Text>
            <Text size="sm">
              {plural(s.failedPayments, 'failed payment')} · {plural(s.disputes, 'dispute')}
            </Text>
          </Stack>
        </Section>
        <Section title="Credit">
          <Text size="sm" c="dimmed">
            Balance
          </Text>
          <Money cents={view.creditBalanceCents} size="xl" fw={700} data-testid="support-credit-balance" />
        </Section>
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
            {view.bookings.length === 0 ? (
              <Empty>No bookings.</Empty>
            ) : (
              <Table striped highlightOnHover aria-label="Bookings">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Booking</Table.Th>
                    <Table.Th>Lesson</Table.Th>
                    <Table.Th>{p.role === 'student' ? 'Instructor' : 'Student'}</Table.Th>
                    <Table.Th>Status</Table.Th>
                    <Table.Th>Payment</Table.Th>
                    <Table.Th ta="right">Amount</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {view.bookings.map((b) => (
                    <Table.Tr key={b.id}>
                      <Table.Td>
                        <AnchorLink to="/support/bookings/$bookingId" params={{ bookingId: b.id }} ff="monospace">
                          {b.shortId}
                        </AnchorLink>
                      </Table.Td>
                      <Table.Td>
                        {when(b.lessonStart)} · {label(b.serviceId)}
                      </Table.Td>
                      <Table.Td>{b.counterpartName}</Table.Td>
                      <Table.Td>
                        <Badge size="sm" variant="light" color={statusColor(b.status)}>
                          {label(b.status)}
                        </Badge>
                      </Table.Td>
                      <Table.Td>
                        <Group gap={4}>
                          {b.paymentStatus && (
                            <Badge size="sm" variant="light" color={statusColor(b.paymentStatus)}>
                              {label(b.paymentStatus)}
                            </Badge>
                          )}
                          {b.disputed && (
                            <Badge size="sm" color="red">
                              disputed
                            </Badge>
                          )}
                        </Group>
                      </Table.Td>
                      <Table.Td ta="right">
                        <Money cents={b.amountCents ?? b.priceCents} size="sm" />
                        {b.amountRefundedCents ? (
                          <Text size="xs" c="dimmed">
                            refunded <Money cents={b.amountRefundedCents} size="xs" />
                          </Text>
                        ) : null}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
          </Section>

          {/* Stripe's charges table needs the whole width; refunds and fraud signals follow below it. */}
          <SimpleGrid cols={1}>
            <Suspense fallback={null}>
              <StripePanel userId={p.id} />
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
              {view.refunds.length === 0 ? (
                <Empty>No refunds.</Empty>
              ) : (
                <Table striped aria-label="Refunds">
                  <Table.Tbody>
                    {view.refunds.map((r) => (
                      <Table.Tr key={r.id}>
                        <Table.Td>{when(r.createdAt)}</Table.Td>
                        <Table.Td>
                          <AnchorLink to="/support/bookings/$bookingId" params={{ bookingId: r.bookingId }} ff="monospace">
                            {r.shortId}
                          </AnchorLink>
                        </Table.Td>
                        <Table.Td>
                          {r.kind === 'release' ? 'release (never charged)' : label(r.method)} · {label(r.status)}
                          {r.overrideCode ? ` · ${label(r.overrideCode)}` : ''}
                          {r.status === 'failed' && r.error ? ` · ${r.error}` : ''}
                        </Table.Td>
                        <Table.Td ta="right">
                          <Money cents={r.amountCents} size="sm" />
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              )}
            </Section>
          </SimpleGrid>

          <SimpleGrid cols={{ base: 1, md: 2 }}>
            <Section title="Credit ledger">
              {view.ledger.length === 0 ? (
                <Empty>No credit movements.</Empty>
              ) : (
                <Table striped aria-label="Credit ledger">
                  <Table.Tbody>
                    {view.ledger.map((e) => (
                      <Table.Tr key={e.id}>
                        <Table.Td>{when(e.createdAt)}</Table.Td>
                        <Table.Td>{label(e.kind)}</Table.Td>
                        <Table.Td>{e.reason}</Table.Td>
                        <Table.Td ta="right">
                          <Money cents={e.amountCents} size="sm" />
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              )}
            </Section>
            {p.role === 'instructor' ? (
              <Section title="Payouts">
                {view.payouts.length === 0 ? (
                  <Empty>No payouts.</Empty>
                ) : (
                  <Table striped aria-label="Payouts">
                    <Table.Tbody>
                      {view.payouts.map((po) => (
                        <Table.Tr key={po.id}>
                          <Table.Td>{when(po.scheduledFor)}</Table.Td>
                          <Table.Td>
                            <Badge size="sm" variant="light" color={statusColor(po.status)}>
                              {label(po.status)}
                            </Badge>
                            {po.holdReason ? ` ${po.holdReason}` : ''}
                          </Table.Td>
                          <Table.Td ta="right">
                            <Money cents={po.amountCents} size="sm" />
                          </Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                )}
              </Section>
            ) : (
              <Section title="Notifications sent" label="Notifications">
                <NotificationsTable view={view} />
              </Section>
            )}
          </SimpleGrid>
          {p.role === 'instructor' && (
            <Section title="Notifications sent" label="Notifications">
              <NotificationsTable view={view} />
            </Section>
          )}

          <SimpleGrid cols={{ base: 1, md: 2 }}>
            <Section title="Notes">
              <Stack>
                <NotesList view={view} />
                <AddNoteFormIfAllowed userId={p.id} bookings={view.bookings} />
              </Stack>
            </Section>
            <Section title="Audit trail">
              {view.audit.length === 0 ? (
                <Empty>No staff actions recorded on this person.</Empty>
              ) : (
                <Table striped aria-label="Audit trail">
                  <Table.Tbody>
                    {view.audit.map((a) => (
                      <Table.Tr key={a.id}>
                        <Table.Td style={{ whiteSpace: 'nowrap' }}>{when(a.occurredAt)}</Table.Td>
                        <Table.Td>
                          <Text size="sm" fw={500}>
                            {label(a.action)}
                          </Text>
                          <Text size="xs" c="dimmed">
                            {a.actorEmail}
                          </Text>
                        </Table.Td>
                        <Table.Td>
                          <Text size="sm">{a.reason}</Text>
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              )}
            </Section>
          </SimpleGrid>

          <Suspense fallback={null}>
            <TrailPanel input={{ userId: p.id }} />
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
        <Card key={n.id} withBorder padding="xs">
          <Group gap="xs">
            <Badge size="sm" variant="light">
              {NOTE_KIND_LABELS[n.kind]}
            </Badge>
            {n.shortId && n.bookingId && (
              <AnchorLink to="/support/bookings/$bookingId" params={{ bookingId: n.bookingId }} size="sm" ff="monospace">
                {n.shortId}
              </AnchorLink>
            )}
            <Text size="xs" c="dimmed">
              {when(n.createdAt)} · {n.authorEmail ?? 'system'}
            </Text>
          </Group>
          <Text size="sm" mt={4} style={{ whiteSpace: 'pre-wrap' }}>
            {n.body}
          </Text>
        </Card>
      ))}
    </Stack>
  );
}

const NOTIFICATIONS_PAGE = 8;

function NotificationsTable({ view }: { view: User360 }) {
  const [shown, setShown] = useState(NOTIFICATIONS_PAGE);
  if (view.notifications.length === 0) return <Empty>No notifications.</Empty>;
  const rest = view.notifications.length - shown;
  return (
    <>
      <Table striped aria-label="Notifications">
        <Table.Tbody>
          {view.notifications.slice(0, shown).map((n) => (
            <Table.Tr key={n.id}>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{when(n.createdAt)}</Table.Td>
              <Table.Td>
                <Text size="sm">{n.subject || label(n.template)}</Text>
                <Text size="xs" c="dimmed">
                  {label(n.template)} · {label(n.channel)}
                  {n.createdByStaff ? ' · sent by staff' : ''}
                </Text>
              </Table.Td>
              <Table.Td>
                <Badge size="sm" variant="light" color={statusColor(n.status)}>
                  {label(n.status)}
                </Badge>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {rest > 0 && (
        <Button variant="default" size="xs" mt="xs" onClick={() => setShown((k) => k + NOTIFICATIONS_PAGE)}>
          Show {Math.min(NOTIFICATIONS_PAGE, rest)} more of {rest}
        </Button>
      )}
    </>
  );
}
