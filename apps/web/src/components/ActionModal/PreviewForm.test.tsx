import { TextInput } from '@mantine/core';
import { screen } from '@testing-library/react';
import type { FormEvent } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { renderUi } from '../../test/render';
import { PreviewForm } from './PreviewForm';

describe('PreviewForm', () => {
  it('shows its fields above a Preview button that submits the form', async () => {
    const onSubmit = vi.fn((event: FormEvent<HTMLFormElement>) => event.preventDefault());
    const { user } = await renderUi(
      <PreviewForm action={{ busy: false, modal: null }} onSubmit={onSubmit} aria-label="Adjust credit">
        <TextInput label="Amount" />
      </PreviewForm>,
    );
    const form = screen.getByRole('form', { name: 'Adjust credit' });
    expect(screen.getByLabelText('Amount')).toBeTruthy();
    await user.type(screen.getByLabelText('Amount'), '25{Enter}');
    await user.click(screen.getByRole('button', { name: 'Preview' }));
    expect(onSubmit).toHaveBeenCalledTimes(2);
    expect(form.contains(screen.getByRole('button', { name: 'Preview' }))).toBe(true);
  });

  it('keeps Preview from being pressed again while the preview is asked for, and shows the action modal', async () => {
    const onSubmit = vi.fn((event: FormEvent<HTMLFormElement>) => event.preventDefault());
    const { user } = await renderUi(
      <PreviewForm action={{ busy: true, modal: <p>Refund $45.00?</p> }} onSubmit={onSubmit}>
        <TextInput label="Amount" />
      </PreviewForm>,
    );
    const preview = screen.getByRole('button', { name: 'Preview' });
    expect(preview.hasAttribute('disabled')).toBe(true);
    await user.click(preview);
    expect(onSubmit).not.toHaveBeenCalled();
    expect(screen.getByText('Refund $45.00?')).toBeTruthy();
  });
});
