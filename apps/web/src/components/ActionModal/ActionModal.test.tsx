import { Button } from '@mantine/core';
import { TRPCClientError } from '@trpc/client';
import { act, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ExecuteInput, ExecuteResult, Preview } from '@ops/shared';
import { renderUi } from '../../test/render';
import { inFormWords, useAction, useActionOf } from './ActionModal';

const TOKEN = 'ct_0123456789abcdef0123456789';

function preview(over: Partial<Preview> = {}): Preview {
  return {
    action: 'refunds.create',
    resourceType: 'booking',
    resourceId: 'b1',
    summary: 'Refund $45.00 of booking B-1234',
    effects: [{ kind: 'money', label: 'Refund $45.00 to the card', amountCents: 4_500 }],
    warnings: [],
    confirmToken: TOKEN,
    expiresAt: new Date(Date.now() + 5 * 60_000).toISOString(),
    requiresApproval: false,
    typeToConfirm: null,
    ...over,
  };
}

const done: ExecuteResult = { message: 'Refunded $45.00', auditId: null, approvalId: null, created: null };

interface Deferred<T> {
  promise: Promise<T>;
  resolve(v: T): void;
  reject(e: unknown): void;
}
function deferred<T>(): Deferred<T> {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

function Harness(props: {
  preview: () => Promise<Preview>;
  execute: (input: ExecuteInput) => Promise<ExecuteResult>;
  onDone?: (r: ExecuteResult) => void;
  refresh?: () => void;
}) {
  const action = useAction<{ id: string }>({
    title: 'Refund booking',
    preview: props.preview,
    execute: props.execute,
    ...(props.onDone ? { onDone: props.onDone } : {}),
    ...(props.refresh ? { refresh: props.refresh } : {}),
  });
  return (
    <>
      <Button onClick={() => action.start({ id: 'b1' })} loading={action.busy}>
        Refund
      </Button>
      {action.modal}
    </>
  );
}

type Execute = (input: ExecuteInput) => Promise<ExecuteResult>;

async function open(p: Preview, execute = vi.fn<Execute>(() => Promise.resolve(done)), onDone?: (r: ExecuteResult) => void) {
  const r = await renderUi(<Harness preview={() => Promise.resolve(p)} execute={execute} {...(onDone ? { onDone } : {})} />);
  await r.user.click(screen.getByRole('button', { name: 'Refund' }));
  const dialog = await screen.findByRole('dialog', { name: 'Refund booking' });
  return { ...r, dialog, execute };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('ActionModal', () => {
  // The dialog is a chunk of its own, fetched on an action's first start: loaded once here, so each test's waits time
  // the dialog and not the module's first transform.
  beforeAll(async () => {
    await import('./ActionDialog');
  });

  it('says it is working out the effects while the preview is on its way', async () => {
    const pending = deferred<Preview>();
    const r = await renderUi(<Harness preview={() => pending.promise} execute={() => Promise.resolve(done)} />);
    await r.user.click(screen.getByRole('button', { name: 'Refund' }));
    expect(await screen.findByText('Working out what would happen…')).toBeTruthy();
    await act(async () => pending.resolve(preview()));
    expect(await screen.findByText('Refund $45.00 of booking B-1234')).toBeTruthy();
  });

  it('lists every effect and warning of the preview', async () => {
    const { dialog } = await open(
      preview({
        effects: [
          { kind: 'money', label: 'Refund $45.00 to the card', amountCents: 4_500 },
          { kind: 'booking', label: 'Cancel booking B-1234' },
        ],
        warnings: ['The lesson was 3 hours ago'],
      }),
    );
    const effects = within(dialog).getByRole('list', { name: 'Effects' });
    expect(within(effects).getByText('Refund $45.00 to the card')).toBeTruthy();
    expect(within(effects).getByText('Cancel booking B-1234')).toBeTruthy();
    expect(within(dialog).getByText('The lesson was 3 hours ago')).toBeTruthy();
  });

  it('lists each money effect in its own words and adds none of them up (a capture and a payout are not one sum)', async () => {
    const { dialog } = await open(
      preview({
        effects: [
          { kind: 'money', label: 'Capture $90.00 on the card', amountCents: 9_000 },
          { kind: 'money', label: 'Schedule a payout of $76.50 to the instructor', amountCents: 7_650 },
        ],
      }),
    );
    const effects = within(dialog).getByRole('list', { name: 'Effects' });
    expect(
      within(effects)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual([
      expect.stringContaining('Capture $90.00 on the card'),
      expect.stringContaining('Schedule a payout of $76.50 to the instructor'),
    ]);
    expect(within(dialog).queryByText('$166.50')).toBeNull();
  });

  it('shows why a preview was refused', async () => {
    const r = await renderUi(
      <Harness preview={() => Promise.reject(new Error('bookingId: no such booking'))} execute={() => Promise.resolve(done)} />,
    );
    await r.user.click(screen.getByRole('button', { name: 'Refund' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Cannot preview');
    expect(alert.textContent).toContain('bookingId: no such booking');
  });

  it("names a refused field by the form's label for it, and leaves other refusals as they are", () => {
    const labels = { amountCents: 'Amount' };
    expect(inFormWords('amountCents: would make the balance negative ($65.00 - $100.00)', labels)).toBe(
      'Amount: would make the balance negative ($65.00 - $100.00)',
    );
    expect(inFormWords('bookingId: no such booking', labels)).toBe('bookingId: no such booking');
    expect(inFormWords('Stripe is not configured', labels)).toBe('Stripe is not configured');
  });

  it('says a refusal about the resource the button acts on without a field name', () => {
    const labels = { amountCents: 'Amount', bookingId: '' };
    expect(inFormWords('bookingId: nothing is left to refund on booking S2EH07R4', labels)).toBe(
      'nothing is left to refund on booking S2EH07R4',
    );
    expect(inFormWords('amountCents: at most $60.00 is left to refund', labels)).toBe('Amount: at most $60.00 is left to refund');
  });

  it('reads the page again once done, before anything else the caller does', async () => {
    const order: string[] = [];
    const refresh = vi.fn(() => order.push('refresh'));
    const onDone = vi.fn(() => order.push('done'));
    const { user } = await renderUi(
      <Harness
        preview={() => Promise.resolve(preview())}
        execute={() => Promise.resolve(done)}
        refresh={refresh}
        onDone={onDone}
      />,
    );
    await user.click(screen.getByRole('button', { name: 'Refund' }));
    const dialog = await screen.findByRole('dialog', { name: 'Refund booking' });
    await user.type(within(dialog).getByLabelText(/Reason/), 'Customer asked twice');
    await user.click(within(dialog).getByRole('button', { name: 'Confirm' }));
    await waitFor(() => expect(order).toEqual(['refresh', 'done']));
  });

  it('reads the page again when the preview is refused because it changed, and not for other refusals', async () => {
    const refusal = (code: string) => new TRPCClientError(`id: refused (${code})`, { result: { error: { data: { code } } } });
    for (const [code, reads] of [
      ['CONFLICT', 1],
      ['BAD_REQUEST', 0],
    ] as const) {
      const refresh = vi.fn();
      const { user, unmount } = await renderUi(
        <Harness preview={() => Promise.reject(refusal(code))} execute={() => Promise.resolve(done)} refresh={refresh} />,
      );
      await user.click(screen.getByRole('button', { name: 'Refund' }));
      expect(await screen.findByText(`id: refused (${code})`)).toBeTruthy();
      expect(refresh).toHaveBeenCalledTimes(reads);
      unmount();
    }
  });

  it('asks for a reason and sends nothing without one', async () => {
    const { dialog, user, execute } = await open(preview());
    await user.click(within(dialog).getByRole('button', { name: 'Confirm' }));
    expect(await within(dialog).findByText(/reason/i, { selector: '.mantine-InputWrapper-error, [id$="-error"]' })).toBeTruthy();
    expect(execute).not.toHaveBeenCalled();
  });

  it('sends the token and the reason once, then closes and reports', async () => {
    const onDone = vi.fn();
    const { dialog, user, execute } = await open(preview(), undefined, onDone);
    await user.type(within(dialog).getByLabelText(/Reason/), 'Customer asked twice');
    await user.click(within(dialog).getByRole('button', { name: 'Confirm' }));
    await waitFor(() => expect(onDone).toHaveBeenCalledWith(done));
    expect(execute).toHaveBeenCalledTimes(1);
    expect(execute).toHaveBeenCalledWith({ confirmToken: TOKEN, reason: 'Customer asked twice' });
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Refund booking' })).toBeNull());
    expect(await screen.findByText('Refunded $45.00')).toBeTruthy();
  });

  it('keeps Confirm and Cancel disabled while the call is in flight', async () => {
    const inFlight = deferred<ExecuteResult>();
    const execute = vi.fn<Execute>(() => inFlight.promise);
    const { dialog, user } = await open(preview(), execute);
    await user.type(within(dialog).getByLabelText(/Reason/), 'Duplicate charge');
    await user.click(within(dialog).getByRole('button', { name: 'Confirm' }));
    await waitFor(() => expect(within(dialog).getByRole('button', { name: 'Cancel' }).hasAttribute('disabled')).toBe(true));
    const confirm = within(dialog).getByRole('button', { name: 'Confirm' });
    expect(confirm.hasAttribute('disabled') || confirm.getAttribute('data-loading') !== null).toBe(true);
    await user.click(confirm);
    expect(execute).toHaveBeenCalledTimes(1);
    await act(async () => inFlight.resolve(done));
  });

  it('shows a refused execute and lets the person try again', async () => {
    const execute = vi
      .fn<Execute>()
      .mockRejectedValueOnce(new Error('Someone else changed this booking; preview again'))
      .mockResolvedValueOnce(done);
    const { dialog, user } = await open(preview(), execute);
    await user.type(within(dialog).getByLabelText(/Reason/), 'Goodwill');
    await user.click(within(dialog).getByRole('button', { name: 'Confirm' }));
    const alert = await within(dialog).findByRole('alert');
    expect(alert.textContent).toContain('Not done');
    expect(alert.textContent).toContain('Someone else changed this booking');
    expect(within(dialog).getByRole('button', { name: 'Confirm' }).hasAttribute('disabled')).toBe(false);
  });

  it('makes dangerous actions wait for the short id to be typed', async () => {
    const { dialog, user, execute } = await open(preview({ typeToConfirm: 'B-1234' }));
    await user.type(within(dialog).getByLabelText(/Reason/), 'Fraud');
    const confirm = within(dialog).getByRole('button', { name: 'Confirm' });
    expect(confirm.hasAttribute('disabled')).toBe(true);
    await user.type(within(dialog).getByLabelText('Type B-1234 to confirm'), 'b-123');
    expect(confirm.hasAttribute('disabled')).toBe(true);
    await user.type(within(dialog).getByLabelText('Type B-1234 to confirm'), '4');
    expect(confirm.hasAttribute('disabled')).toBe(false);
    await user.click(confirm);
    await waitFor(() => expect(execute).toHaveBeenCalledTimes(1));
    // The short id is checked here, not sent; off production no environment's name is asked for or sent.
    expect(execute).toHaveBeenCalledWith({ confirmToken: TOKEN, reason: 'Fraud' });
  });

  it('on a production console, a dangerous action also waits for the word production', async () => {
    const execute = vi.fn<Execute>(() => Promise.resolve(done));
    const { user } = await renderUi(
      <Harness preview={() => Promise.resolve(preview({ typeToConfirm: 'B-1234' }))} execute={execute} />,
      {
        environment: 'production',
      },
    );
    await user.click(screen.getByRole('button', { name: 'Refund' }));
    const dialog = await screen.findByRole('dialog', { name: 'Refund booking' });
    await user.type(within(dialog).getByLabelText(/Reason/), 'Fraud');
    await user.type(within(dialog).getByLabelText('Type B-1234 to confirm'), 'B-1234');
    const confirm = within(dialog).getByRole('button', { name: 'Confirm' });
    expect(confirm.hasAttribute('disabled')).toBe(true);
    await user.type(within(dialog).getByLabelText(/Type production to confirm/), 'Production');
    expect(confirm.hasAttribute('disabled')).toBe(false);
    await user.click(confirm);
    await waitFor(() => expect(execute).toHaveBeenCalledTimes(1));
    expect(execute).toHaveBeenCalledWith({ confirmToken: TOKEN, reason: 'Fraud', typedEnvironment: 'Production' });
  });

  it('counts the token down and refuses to confirm once it has expired', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
    const { dialog } = await open(preview({ expiresAt: new Date(Date.now() + 90_000).toISOString() }));
    expect(within(dialog).getByText('Expires in 1:30')).toBeTruthy();
    await act(async () => {
      vi.advanceTimersByTime(31_000);
    });
    expect(within(dialog).getByText('Expires in 0:59')).toBeTruthy();
    expect(within(dialog).getByRole('button', { name: 'Confirm' }).hasAttribute('disabled')).toBe(false);
    await act(async () => {
      vi.advanceTimersByTime(60_000);
    });
    expect(within(dialog).getByText(/Preview expired/)).toBeTruthy();
    expect(within(dialog).getByRole('button', { name: 'Confirm' }).hasAttribute('disabled')).toBe(true);
  });

  it('says when a second admin must approve', async () => {
    const { dialog } = await open(preview({ requiresApproval: true }));
    expect(within(dialog).getByText('Needs a second admin')).toBeTruthy();
  });
});

describe('useActionOf', () => {
  /** The shape `trpc.<feature>.<action>` has: two procedures whose mutation options carry the call. */
  function procedures(calls: { previews: unknown[]; executes: ExecuteInput[] }) {
    return {
      preview: {
        mutationOptions: () => ({
          mutationFn: (input: { bookingId: string }) => {
            calls.previews.push(input);
            return Promise.resolve(preview());
          },
        }),
      },
      execute: {
        mutationOptions: () => ({
          mutationFn: (input: ExecuteInput) => {
            calls.executes.push(input);
            return Promise.resolve(done);
          },
        }),
      },
    };
  }

  function Buttons({ calls, onDone }: { calls: { previews: unknown[]; executes: ExecuteInput[] }; onDone: () => void }) {
    const action = useActionOf(procedures(calls), { title: 'Refund booking', onDone });
    return (
      <>
        <Button onClick={() => action.start({ bookingId: 'b1' })}>Refund</Button>
        {action.modal}
      </>
    );
  }

  it("sends the input to the action's preview procedure and the token with the reason to its execute procedure", async () => {
    const calls = { previews: [] as unknown[], executes: [] as ExecuteInput[] };
    const onDone = vi.fn();
    const { user } = await renderUi(<Buttons calls={calls} onDone={onDone} />);
    await user.click(screen.getByRole('button', { name: 'Refund' }));
    const dialog = await screen.findByRole('dialog', { name: 'Refund booking' });
    await user.type(within(dialog).getByLabelText(/Reason/), 'Lesson cancelled by the instructor');
    await user.click(within(dialog).getByRole('button', { name: 'Confirm' }));
    await waitFor(() => expect(onDone).toHaveBeenCalledWith(done));
    expect(calls.previews).toEqual([{ bookingId: 'b1' }]);
    expect(calls.executes).toEqual([{ confirmToken: TOKEN, reason: 'Lesson cancelled by the instructor' }]);
  });
});
