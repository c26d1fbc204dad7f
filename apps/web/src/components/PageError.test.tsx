import { screen } from '@testing-library/react';
import { TRPCClientError } from '@trpc/client';
import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { ForbiddenError } from '../lib/guard';
import { renderUi } from '../test/render';
import { Forbidden, PageError, pageErrorKind } from './PageError';

describe('PageError', () => {
  it('explains a page the role cannot open, naming the permission', async () => {
    await renderUi(<PageError error={new ForbiddenError('analytics.read')} reset={() => undefined} />);
    expect(screen.getByRole('alert').textContent).toContain('403 — not for your role');
    expect(screen.getByRole('alert').textContent).toContain('needs analytics.read');
  });

  it('shows a failure with a retry that retries', async () => {
    const reset = vi.fn();
    const { user } = await renderUi(<PageError error={new Error('connection reset')} reset={reset} />);
    expect(screen.getByText('This page failed to load')).toBeTruthy();
    expect(screen.getByText('connection reset')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(reset).toHaveBeenCalledTimes(1);
  });

  it('says which record is missing in words, not as the field the API names, and how to find it', async () => {
    const missing = new TRPCClientError('userId: no such user', { result: { error: { data: { code: 'NOT_FOUND' } } } });
    await renderUi(<PageError error={missing} reset={() => undefined} />);
    expect(screen.getByRole('heading', { name: 'Not found' })).toBeTruthy();
    const text = screen.getByText(/No such user\./).textContent ?? '';
    expect(text).not.toContain('userId');
    expect(text).toContain('Ctrl-K');
  });

  it('tells a role without access to ask an admin', async () => {
    await renderUi(<Forbidden />);
    expect(screen.getByRole('alert').textContent).toContain('Ask an admin');
  });

  it('treats a 403, a missing record and a malformed link as answers, and anything else as a fault to report', () => {
    expect(pageErrorKind(new ForbiddenError('audit.read'))).toBe('forbidden');
    expect(
      pageErrorKind(new TRPCClientError('No booking SCD1SPTE', { result: { error: { data: { code: 'NOT_FOUND' } } } })),
    ).toBe('not-found');
    expect(pageErrorKind(Object.assign(new Error('bad id'), { name: 'ZodError' }))).toBe('bad-link');
    // What the router throws for a path param its schema refuses: its own error, the schema's as the cause.
    const refused = z.uuid().safeParse('not-a-uuid').error;
    expect(pageErrorKind(new Error(refused?.message, { cause: refused }))).toBe('bad-link');
    expect(pageErrorKind(new Error('connection reset'))).toBe('failed');
  });
});
