import { screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderUi } from '../../test/render';
import { trpc } from '../../lib/trpc';
import { TokensPage } from './TokensPage';

const renderPage = () =>
  renderUi(<TokensPage />, {
    role: 'support',
    prefill: (queryClient) => queryClient.setQueryData(trpc.tokens.list.queryKey(), []),
  });

afterEach(() => {
  vi.restoreAllMocks();
});

describe('TokensPage', () => {
  it('keeps an expiry over 90 days as typed, says it is too long, and creates nothing', async () => {
    const fetched = vi.spyOn(globalThis, 'fetch');
    const { user } = await renderPage();
    await user.type(screen.getByLabelText('Name'), 'Assistant on my laptop');
    const days = screen.getByLabelText('Expires in (days)');
    await user.clear(days);
    await user.type(days, '365');
    await user.tab();
    expect((days as HTMLInputElement).value).toBe('365');
    await user.click(screen.getByRole('button', { name: 'Create token' }));
    expect(await screen.findByText('Expiry must be at most 90 days')).toBeTruthy();
    expect((days as HTMLInputElement).value).toBe('365');
    expect(fetched).not.toHaveBeenCalled();
  });

  it('keeps an expiry of 0 days as typed, says it is too short, and creates nothing', async () => {
    const fetched = vi.spyOn(globalThis, 'fetch');
    const { user } = await renderPage();
    await user.type(screen.getByLabelText('Name'), 'Assistant on my laptop');
    const days = screen.getByLabelText('Expires in (days)');
    await user.clear(days);
    await user.type(days, '0');
    await user.tab();
    expect((days as HTMLInputElement).value).toBe('0');
    await user.click(screen.getByRole('button', { name: 'Create token' }));
    expect(await screen.findByText('Expiry must be at least 1 day')).toBeTruthy();
    expect(fetched).not.toHaveBeenCalled();
  });

  it('sends a token with an expiry within 90 days to the server', async () => {
    const fetched = vi.spyOn(globalThis, 'fetch').mockResolvedValue(new Response('{}', { status: 503 }));
    const { user } = await renderPage();
    await user.type(screen.getByLabelText('Name'), 'Assistant on my laptop');
    const days = screen.getByLabelText('Expires in (days)');
    await user.clear(days);
    await user.type(days, '90');
    await user.click(screen.getByRole('button', { name: 'Create token' }));
    await vi.waitFor(() => expect(fetched).toHaveBeenCalled());
    const input = fetched.mock.calls[0]?.[0];
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input?.url;
    expect(url).toContain('tokens.create');
    expect(screen.queryByText(/^Expires in \(days\):/)).toBeNull();
  });
});
