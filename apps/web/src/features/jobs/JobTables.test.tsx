import { screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { JobRow } from '@ops/shared';
import { renderUi } from '../../test/render';
import { JobTable } from './JobTables';

function job(id: number, status: JobRow['status'], error: string | null): JobRow {
  return {
    id,
    queue: 'payments',
    task: 'capture_payment',
    status,
    attempts: status === 'dead' ? 5 : 1,
    maxAttempts: 5,
    scheduledAt: '2026-11-01T10:00:00Z',
    startedAt: '2026-11-01T10:00:01Z',
    finishedAt: '2026-11-01T10:00:02Z',
    durationMs: 1_500,
    error,
  };
}

const jobs = [job(7, 'succeeded', null), job(8, 'dead', '=cmd|calc'), job(9, 'dead', 'Stripe timeout')];

afterEach(() => {
  vi.restoreAllMocks();
});

describe('JobTable', () => {
  it('offers Retry and Discard on dead jobs only, and only to a role that manages jobs', async () => {
    const { unmount } = await renderUi(<JobTable jobs={jobs} canManage />);
    const table = screen.getByRole('table', { name: 'Jobs' });
    expect(
      within(table)
        .getAllByRole('button', { name: /^Retry job \d+$/ })
        .map((b) => b.getAttribute('aria-label')),
    ).toEqual(['Retry job 8', 'Retry job 9']);
    expect(within(table).getByRole('button', { name: 'Discard job 9' })).toBeTruthy();
    unmount();
    await renderUi(<JobTable jobs={jobs} canManage={false} />);
    expect(within(screen.getByRole('table', { name: 'Jobs' })).queryByRole('button', { name: /^Retry job/ })).toBeNull();
  });

  it('loads the next page through the caller and exports the loaded jobs without the action buttons', async () => {
    const blobs: Blob[] = [];
    vi.spyOn(URL, 'createObjectURL').mockImplementation((b) => {
      if (b instanceof Blob) blobs.push(b);
      return 'blob:test';
    });
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined);
    const onLoadMore = vi.fn();
    const { user } = await renderUi(<JobTable jobs={jobs} canManage hasMore onLoadMore={onLoadMore} />);
    await user.click(screen.getByRole('button', { name: 'Load more' }));
    expect(onLoadMore).toHaveBeenCalledTimes(1);

    await user.click(screen.getByRole('button', { name: 'Download CSV' }));
    const lines = ((await blobs[0]?.text()) ?? '').trim().split('\r\n');
    // The columns shown (Started is hidden until chosen), the Retry and Discard buttons left out.
    expect(lines[0]).toBe('#,Queue,Task,Status,Attempts,Scheduled,Next run,Took,Error');
    expect(lines[2]).toBe(
      "8,payments,capture_payment,dead,5/5,2026-11-01T10:00:00Z,won't retry: out of attempts,1500,'=cmd|calc",
    );
  });

  it('gives the error the room the other columns leave, cut to one line, the whole error on hover', async () => {
    const long = 'StripeConnectionError: request timed out after 30000ms while capturing pi_3QxOverdue';
    await renderUi(<JobTable jobs={[job(10, 'dead', long)]} canManage />);
    const table = screen.getByRole('table', { name: 'Jobs' });
    expect(within(table).getByRole('columnheader', { name: /Error/ }).style.width).toBe('100%');
    expect(within(table).getByRole('cell', { name: long }).getAttribute('title')).toBe(long);
  });

  it('says when a job runs again: a queued retry at its time; a failed one with attempts left does not', async () => {
    const retry: JobRow = { ...job(11, 'queued', null), attempts: 2, scheduledAt: '2026-11-01T15:30:00Z', finishedAt: null };
    const failed: JobRow = { ...job(12, 'failed', 'SMTP 451'), attempts: 3 };
    await renderUi(<JobTable jobs={[retry, failed, job(13, 'dead', 'x'), job(14, 'succeeded', null)]} canManage={false} />);
    const table = screen.getByRole('table', { name: 'Jobs' });
    const next = (id: number) => {
      const row = within(table)
        .getByRole('cell', { name: String(id) })
        .closest('tr');
      if (!row) throw new Error(`no row for job ${id}`);
      const at = within(table)
        .getAllByRole('columnheader')
        .findIndex((h) => h.textContent?.includes('Next run'));
      return row.querySelectorAll('td')[at]?.textContent;
    };
    expect(next(11)).toBe('retry Nov 1, 2026, 10:30 AM EST');
    expect(next(12)).toBe("won't retry: not requeued");
    expect(next(13)).toBe("won't retry: out of attempts");
    expect(next(14)).toBe('—');
  });

  it('says so when no job matches', async () => {
    await renderUi(<JobTable jobs={[]} canManage empty="No jobs match." />);
    expect(screen.getByText('No jobs match.')).toBeTruthy();
    expect(screen.queryByRole('table')).toBeNull();
  });
});
