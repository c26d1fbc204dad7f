import { Alert, Badge, Button, Group, List, Loader, Modal, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconCheck, IconClock } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { executeInputSchema, type Effect, type ExecuteInput, type ExecuteResult, type Preview } from '@ops/shared';
import { useEnvironment } from '../../lib/environment';
import { useSchemaForm } from '../../lib/schema-form';
import { errorCode, errorMessage } from '../../lib/trpc';
import { inFormWords } from './ActionModal';
import { ExecutedNotice } from './ExecutedNotice';

/** Where an action's preview/confirm flow stands. */
export type ActionState =
  { step: 'closed' } | { step: 'previewing' } | { step: 'failed'; error: string } | { step: 'ready'; preview: Preview };

/** The modal of `useAction`: the preview being worked out, why it failed, or the effects to confirm. */
export function ActionDialog({
  state,
  title,
  execute,
  onClose,
  onDone,
  onStale,
  fieldLabels,
}: {
  state: ActionState;
  title: string;
  execute: (input: ExecuteInput) => Promise<ExecuteResult>;
  onClose: () => void;
  onDone: ((result: ExecuteResult) => void) | undefined;
  onStale: (() => void) | undefined;
  fieldLabels: Partial<Record<string, string>> | undefined;
}) {
  return (
    <Modal opened={state.step !== 'closed'} onClose={onClose} title={title} size="lg" centered>
      {state.step === 'previewing' && (
        <Group>
          <Loader size="sm" /> <Text>Working out what would happen…</Text>
        </Group>
      )}
      {state.step === 'failed' && (
        <Alert color="red" icon={<IconAlertTriangle size={18} />} title="Cannot preview" role="alert">
          {state.error}
        </Alert>
      )}
      {state.step === 'ready' && (
        <ConfirmStep
          key={state.preview.confirmToken}
          preview={state.preview}
          execute={execute}
          onClose={onClose}
          onDone={onDone}
          onStale={onStale}
          fieldLabels={fieldLabels}
        />
      )}
    </Modal>
  );
}

function useCountdown(expiresAt: string): number {
  const [left, setLeft] = useState(() => Math.max(0, Math.round((Date.parse(expiresAt) - Date.now()) / 1000)));
  useEffect(() => {
    const t = setInterval(() => setLeft(Math.max(0, Math.round((Date.parse(expiresAt) - Date.now()) / 1000))), 1000);
    return () => clearInterval(t);
  }, [expiresAt]);
  return left;
}

function EffectLine({ effect }: { effect: Effect }) {
  return (
    <List.Item>
      <Group gap="xs" wrap="nowrap">
        <Badge size="xs" variant="light" color={effect.kind === 'money' ? 'orange' : effect.kind === 'notify' ? 'grape' : 'blue'}>
          {effect.kind}
        </Badge>
        <Text size="sm">{effect.label}</Text>
      </Group>
    </List.Item>
  );
}

function ConfirmStep({
  preview,
  execute,
  onClose,
  onDone,
  onStale,
  fieldLabels,
}: {
  preview: Preview;
  execute: (input: ExecuteInput) => Promise<ExecuteResult>;
  onClose: () => void;
  onDone: ((result: ExecuteResult) => void) | undefined;
  onStale: (() => void) | undefined;
  fieldLabels: Partial<Record<string, string>> | undefined;
}) {
  const environment = useEnvironment();
  const needsEnvironment = environment === 'production' && preview.typeToConfirm !== null;
  const { form, onSubmit } = useSchemaForm({
    schema: executeInputSchema,
    // `typed` (the short id) is checked here and never sent; the environment's name is sent only when asked for.
    initialValues: { reason: '', typed: '', typedEnvironment: '' },
    toInput: (v) => ({
      confirmToken: preview.confirmToken,
      reason: v.reason,
      ...(needsEnvironment ? { typedEnvironment: v.typedEnvironment } : {}),
    }),
  });
  const { typed, typedEnvironment } = form.getValues();
  const environmentOk = !needsEnvironment || typedEnvironment.trim().toLowerCase() === 'production';
  const [error, setError] = useState<string | null>(null);
  const [inFlight, setInFlight] = useState(false);
  // Refused because what it acts on changed since the preview: confirming again cannot succeed.
  const [stale, setStale] = useState(false);
  const secondsLeft = useCountdown(preview.expiresAt);
  const expired = secondsLeft === 0;
  const typedOk = preview.typeToConfirm === null || typed.trim().toUpperCase() === preview.typeToConfirm.toUpperCase();

  const confirm = onSubmit((request) => {
    setInFlight(true);
    execute(request).then(
      (result) => {
        notifications.show({
          color: result.approvalId ? 'yellow' : 'green',
          icon: <IconCheck size={18} />,
          title: result.approvalId ? 'Sent for approval' : 'Done',
          message: <ExecutedNotice result={result} />,
          autoClose: 10_000,
        });
        onDone?.(result);
        onClose();
      },
      (err: unknown) => {
        setInFlight(false);
        if (errorCode(err) === 'CONFLICT') {
          setStale(true);
          onStale?.();
        }
        setError(inFormWords(errorMessage(err), fieldLabels));
      },
    );
  });

  return (
    <Stack>
      <Text fw={600}>{preview.summary}</Text>
      <div>
        <Text size="sm" c="dimmed" mb={4}>
          What will happen
        </Text>
        <List spacing={4} listStyleType="none" aria-label="Effects">
          {preview.effects.map((effect, i) => (
            <EffectLine key={i} effect={effect} />
          ))}
        </List>
      </div>
      {preview.warnings.length > 0 && (
        <Alert color="yellow" icon={<IconAlertTriangle size={18} />} title="Warnings">
          <List size="sm">
            {preview.warnings.map((w) => (
              <List.Item key={w}>{w}</List.Item>
            ))}
          </List>
        </Alert>
      )}
      {preview.requiresApproval && (
        <Alert color="blue" title="Needs a second admin">
          Request approval sends this to the Approvals inbox; it runs when an admin approves it.
        </Alert>
      )}
      <Textarea
        label="Reason"
        description="Recorded in the audit log with this change."
        required
        {...form.getInputProps('reason')}
      />
      {preview.typeToConfirm !== null && (
        <TextInput label={`Type ${preview.typeToConfirm} to confirm`} {...form.getInputProps('typed')} autoComplete="off" />
      )}
      {needsEnvironment && (
        <TextInput
          label="Type production to confirm"
          description="This console is connected to the production database."
          {...form.getInputProps('typedEnvironment')}
          autoComplete="off"
          error={typedEnvironment !== '' && !environmentOk ? 'Type the word production' : null}
        />
      )}
      {error && (
        <Alert color="red" icon={<IconAlertTriangle size={18} />} role="alert" title="Not done">
          {error}
          {stale && ' It changed since this preview; the page now shows it as it is. Close and preview again.'}
        </Alert>
      )}
      <Group justify="space-between">
        <Group gap={4} c={secondsLeft < 60 ? 'red' : 'dimmed'} aria-live="polite">
          <IconClock size={16} />
          <Text size="sm">
            {expired
              ? 'Preview expired — close and preview again'
              : `Expires in ${Math.floor(secondsLeft / 60)}:${String(secondsLeft % 60).padStart(2, '0')}`}
          </Text>
        </Group>
        <Group>
          <Button variant="default" onClick={onClose} disabled={inFlight}>
            Cancel
          </Button>
          <Button
            color={preview.typeToConfirm ? 'red' : 'blue'}
            onClick={() => confirm()}
            loading={inFlight}
            disabled={inFlight || stale || !typedOk || !environmentOk || expired}
          >
            {preview.requiresApproval ? 'Request approval' : 'Confirm'}
          </Button>
        </Group>
      </Group>
    </Stack>
  );
}
