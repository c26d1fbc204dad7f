import { Alert, Anchor, Badge, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { IconDownload, IconFileExport, IconTrash } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { privacyExportInputSchema, type PrivacyExportRow } from '@ops/shared';
import { useActionOf } from '../../components/ActionModal/ActionModal';
import { DataTable, type DataTableColumn } from '../../components/DataTable/DataTable';
import { ReasonForm } from '../../components/ReasonForm';
import { CHANGED_BY, refreshAfter } from '../../lib/invalidate';
import { trpc } from '../../lib/trpc';
import { useCan } from '../../lib/use-me';
import { SectionCard } from '../../components/SectionCard';
import { whenColumn } from '../../components/DataTable/columns';

function sizeText(bytes: number | null): string {
  if (bytes === null) return '';
  return bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} KB`;
}

const STATUS_COLOR: Record<PrivacyExportRow['status'], string> = {
  building: 'blue',
  ready: 'green',
  failed: 'red',
  expired: 'gray',
};

/** Starts a download of a ready export through a fresh, expiring link (the link's use is audited on the server). */
function DownloadButton({ userId, exportId }: { userId: string; exportId: string }) {
  const link = useMutation(
    trpc.privacy.downloadLink.mutationOptions({
      onSuccess: (l) => {
        void refreshAfter(CHANGED_BY.privacyRequested(userId));
        window.location.assign(l.downloadUrl);
      },
    }),
  );
  return (
    <Button
      size="xs"
      variant="light"
      leftSection={<IconDownload size={14} />}
      loading={link.isPending}
      onClick={() => link.mutate({ exportId })}
    >
      Download
    </Button>
  );
}

function ExportDialog({ userId, opened, onClose }: { userId: string; opened: boolean; onClose: () => void }) {
  const request = useMutation(
    trpc.privacy.export.mutationOptions({
      onSuccess: () => void refreshAfter(CHANGED_BY.privacyRequested(userId)),
    }),
  );
  const close = () => {
    request.reset();
    onClose();
  };
  const done = request.data;
  return (
    <Modal opened={opened} onClose={close} title="Export this person's data" centered>
      <Stack>
        {done ? (
          <>
            <Alert color="green" title={done.downloadUrl ? 'Export ready' : 'Export queued'}>
              {done.downloadUrl
                ? 'The archive holds a manifest and every table as JSON and CSV. The link expires; downloading it is audited.'
                : 'This person has a long history: a background job builds the archive. Download it from this page when it is ready.'}
            </Alert>
            {done.downloadUrl && (
              <Anchor href={done.downloadUrl} download>
                Download archive
              </Anchor>
            )}
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                Close
              </Button>
            </Group>
          </>
        ) : (
          <ReasonForm
            schema={privacyExportInputSchema}
            input={{ userId }}
            intro="Builds one archive of everything held about this person (profile, bookings, payments, refunds, credits, notes, notifications, funnel and search events, audit rows). The request and your reason are recorded in the audit log."
            submitLabel="Export data"
            failedTitle="Not exported"
            mutation={request}
            onCancel={close}
          />
        )}
      </Stack>
    </Modal>
  );
}

// No CSV here: the rows are the exports' own bookkeeping, and each ready export has its own Download.
/** The export list's columns; the download asks the server for a fresh link for this person's export. */
const exportColumns = (userId: string): Array<DataTableColumn<PrivacyExportRow>> => [
  whenColumn('requested', 'Requested', (e) => e.requestedAt),
  { key: 'by', title: 'By', sortValue: (e) => e.requestedBy, render: (e) => e.requestedBy },
  {
    key: 'status',
    title: 'Status',
    sortValue: (e) => e.status,
    render: (e) => (
      <Badge color={STATUS_COLOR[e.status]} variant="light">
        {e.status}
      </Badge>
    ),
  },
  { key: 'size', title: 'Size', sortValue: (e) => e.sizeBytes, render: (e) => sizeText(e.sizeBytes) },
  {
    key: 'download',
    title: '',
    hideable: false,
    render: (e) => (e.status === 'ready' || e.status === 'expired') && <DownloadButton userId={userId} exportId={e.id} />,
  },
];

/**
 * The person's privacy requests: export their data (support and admin), erase them (admin, second admin approves).
 * Once the person is erased (`erasedOn`, the day as the page shows it) there is nothing left to export or erase.
 */
export function PrivacyPanel({ userId, erasedOn = null }: { userId: string; erasedOn?: string | null }) {
  const erased = erasedOn !== null;
  const canExport = useCan('users.pii.reveal') && !erased;
  const canErase = useCan('privacy.erase') && !erased;
  const [exportOpen, setExportOpen] = useState(false);
  const columns = useMemo(() => exportColumns(userId), [userId]);
  const exports = useQuery({
    ...trpc.privacy.exports.queryOptions({ userId }),
    enabled: canExport,
    refetchInterval: (q) => (q.state.data?.some((e) => e.status === 'building') ? 3_000 : false),
  });
  const erase = useActionOf(trpc.privacy.erase, {
    title: 'Erase this person',
    refresh: () => void refreshAfter(CHANGED_BY.privacyRequested(userId)),
  });
  if (erased) {
    return (
      <SectionCard title="Privacy" titleGap="xs" aria-label="Privacy">
        <Text size="sm" c="dimmed">
          Erased on {erasedOn}: the personal data was deleted or anonymised; nothing is left to export or erase.
        </Text>
      </SectionCard>
    );
  }
  if (!canExport && !canErase) return null;
  return (
    <SectionCard
      title="Privacy"
      titleGap="xs"
      aria-label="Privacy"
      aside={
        <Group gap="xs">
          {canExport && (
            <Button size="xs" variant="light" leftSection={<IconFileExport size={14} />} onClick={() => setExportOpen(true)}>
              Export data
            </Button>
          )}
          {canErase && (
            <Button
              size="xs"
              color="red"
              variant="light"
              leftSection={<IconTrash size={14} />}
              loading={erase.busy}
              onClick={() => erase.start({ userId })}
            >
              Erase person
            </Button>
          )}
        </Group>
      }
    >
      {canExport && exports.data?.length === 0 && (
        <Text size="sm" c="dimmed">
          No data exports requested.
        </Text>
      )}
      {canExport && exports.data && exports.data.length > 0 && (
        <DataTable
          name="Data exports"
          storageKey="privacy.exports"
          columns={columns}
          rows={exports.data}
          tableProps={{ fz: 'sm' }}
        />
      )}
      {canExport && <ExportDialog userId={userId} opened={exportOpen} onClose={() => setExportOpen(false)} />}
      {erase.modal}
    </SectionCard>
  );
}
