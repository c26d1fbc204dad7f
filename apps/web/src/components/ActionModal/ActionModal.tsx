import { useMutation, type UseMutationOptions } from '@tanstack/react-query';
import { lazy, Suspense, useState, type ReactNode } from 'react';
import type { ExecuteInput, ExecuteResult, Preview } from '@ops/shared';
import { errorCode, errorMessage } from '../../lib/trpc';
import type { ActionState } from './ActionDialog';

/** The dialog (Mantine's Modal, the effects, the reason form) loads on the first start of an action, not with the page. */
const ActionDialog = lazy(() => import('./ActionDialog').then((m) => ({ default: m.ActionDialog })));

export interface UseActionOptions<TInput> {
  title: string;
  preview: (input: TInput) => Promise<Preview>;
  execute: (input: ExecuteInput) => Promise<ExecuteResult>;
  /**
   * What to read again once the action is done, and when the server refuses because what it is about changed since
   * the page was read (CONFLICT: another admin retried the job first): either way the page then shows it as it now is.
   */
  refresh?: () => void;
  /** Anything else to do once the action is done (after `refresh`): reset a form, open what it created. */
  onDone?: (result: ExecuteResult) => void;
  /**
   * The labels of the form fields behind the request's fields (`{ amountCents: 'Amount' }`): a refusal that names a
   * request field ("amountCents: would make the balance negative") names the field the person typed in instead.
   */
  fieldLabels?: Partial<Record<string, string>>;
}

/**
 * A refusal's leading request field, said as the form's label for it. An empty label is a field the action is about
 * rather than one the person typed (the booking a button acts on): its refusal is said without a field name.
 */
export function inFormWords(message: string, labels: Partial<Record<string, string>> = {}): string {
  const m = /^([A-Za-z][\w.]*): (.*)$/s.exec(message);
  const label = m?.[1] === undefined ? undefined : labels[m[1]];
  if (!m || label === undefined) return message;
  return label === '' ? (m[2] ?? '') : `${label}: ${m[2] ?? ''}`;
}

/**
 * The one preview/confirm flow of DESIGN.md. `start(input)` asks the server for a preview and opens the modal;
 * the modal shows the effects and warnings, asks for a reason (and the short id for dangerous actions), counts the
 * token down, and confirms once.
 */
export function useAction<TInput>(opts: UseActionOptions<TInput>): {
  start: (input: TInput) => void;
  modal: ReactNode;
  busy: boolean;
} {
  const [state, setState] = useState<ActionState>({ step: 'closed' });
  // Mounted from the first start on, so the dialog's code loads while the preview is asked for and it can close
  // with its transition.
  const [shown, setShown] = useState(false);
  const start = (input: TInput) => {
    setShown(true);
    setState({ step: 'previewing' });
    opts.preview(input).then(
      (preview) => setState({ step: 'ready', preview }),
      (error: unknown) => {
        if (errorCode(error) === 'CONFLICT') opts.refresh?.();
        setState({ step: 'failed', error: inFormWords(errorMessage(error), opts.fieldLabels) });
      },
    );
  };
  const close = () => setState({ step: 'closed' });
  const modal = shown ? (
    <Suspense fallback={null}>
      <ActionDialog
        state={state}
        title={opts.title}
        execute={opts.execute}
        onClose={close}
        onDone={(result) => {
          opts.refresh?.();
          opts.onDone?.(result);
        }}
        onStale={opts.refresh}
        fieldLabels={opts.fieldLabels}
      />
    </Suspense>
  ) : null;
  return { start, modal, busy: state.step === 'previewing' };
}

/** An action's two tRPC procedures as `trpc.<feature>.<action>` exposes them (see `useActionOf`). */
export interface ActionProcedures<TInput, TError> {
  preview: { mutationOptions: () => UseMutationOptions<Preview, TError, TInput> };
  execute: { mutationOptions: () => UseMutationOptions<ExecuteResult, TError, ExecuteInput> };
}

/**
 * `useAction` for one server action, named by its tRPC path: `useActionOf(trpc.<feature>.<action>, { title, refresh })`.
 * The preview and execute calls are the action's own procedures, so their input and result types follow the server.
 */
export function useActionOf<TInput, TError>(
  procedures: ActionProcedures<TInput, TError>,
  opts: Omit<UseActionOptions<TInput>, 'preview' | 'execute'>,
) {
  const preview = useMutation(procedures.preview.mutationOptions());
  const execute = useMutation(procedures.execute.mutationOptions());
  return useAction<TInput>({
    ...opts,
    preview: (input) => preview.mutateAsync(input),
    execute: (input) => execute.mutateAsync(input),
  });
}
