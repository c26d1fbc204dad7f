import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderUi } from '../../test/render';
import { trpc } from '../../lib/trpc';
import { ComposeForm } from './ComposeForm';

function renderForm() {
  return renderUi(<ComposeForm initialTemplate={undefined} />, {
    role: 'admin',
    prefill: (client) => client.setQueryData(trpc.communications.templates.queryKey(), []),
  });
}

describe('ComposeForm', () => {
  it('offers founding instructors only for an audience that has instructors, and drops the choice when students are picked', async () => {
    const { user } = await renderForm();
    // Students is the default audience: no founding instructors among them.
    expect(screen.queryByRole('checkbox', { name: 'Founding instructors' })).toBeNull();
    await user.click(screen.getByRole('radio', { name: 'Instructors' }));
    await user.click(screen.getByRole('checkbox', { name: 'Founding instructors' }));
    await user.click(screen.getByRole('checkbox', { name: 'Verified' }));
    await user.click(screen.getByRole('radio', { name: 'All users' }));
    expect(screen.getByRole<HTMLInputElement>('checkbox', { name: 'Founding instructors' }).checked).toBe(true);
    await user.click(screen.getByRole('radio', { name: 'Students' }));
    expect(screen.queryByRole('checkbox', { name: 'Founding instructors' })).toBeNull();
    // The other choice stays; back with instructors, founding is no longer ticked.
    expect(screen.getByRole<HTMLInputElement>('checkbox', { name: 'Verified' }).checked).toBe(true);
    await user.click(screen.getByRole('radio', { name: 'Instructors' }));
    expect(screen.getByRole<HTMLInputElement>('checkbox', { name: 'Founding instructors' }).checked).toBe(false);
  });
});
