import { Button, Checkbox, TextInput } from '@mantine/core';
import { screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import {
  campaignSendInputSchema,
  creditAdjustInputSchema,
  parseDollarsToCents,
  type AudienceStatus,
  type CampaignChannel,
  type CampaignSendFormInput,
  type CampaignSendInput,
} from '@ops/shared';
import { renderUi } from '../test/render';
import { useSchemaForm } from './schema-form';

const USER_ID = '6f1c1f0e-3b0a-4d7e-9a43-2d1c7c9b5a10';

/** A credit form as the student page has it: dollars typed, cents sent, the user id added. */
function CreditForm({ send }: { send: (request: { userId: string; amountCents: number }) => void }) {
  const { form, onSubmit } = useSchemaForm({
    schema: creditAdjustInputSchema,
    initialValues: { amount: '' },
    toInput: (v) => ({ userId: USER_ID, amountCents: parseDollarsToCents(v.amount) ?? Number.NaN }),
    errorFields: { amountCents: 'amount' },
    check: (v) => (parseDollarsToCents(v.amount) === null ? { amount: 'Type dollars, e.g. 25 or -10.50' } : {}),
  });
  return (
    <form onSubmit={onSubmit(send)} noValidate>
      <TextInput label="Amount" {...form.getInputProps('amount')} />
      <Button type="submit">Preview</Button>
    </form>
  );
}

/** Flat fields that feed a nested request (`audience.statuses`), submitted from a button outside any form. */
function CampaignForm({ send, statuses }: { send: (request: CampaignSendInput) => void; statuses: AudienceStatus[] }) {
  const initialValues: { name: string; channels: CampaignChannel[]; statuses: AudienceStatus[] } = {
    name: '',
    channels: ['email'],
    statuses,
  };
  const { form, onSubmit } = useSchemaForm({
    schema: campaignSendInputSchema,
    initialValues,
    toInput: (v): CampaignSendFormInput => ({
      name: v.name,
      subject: 'Hello',
      body: 'Hello {{firstName}}, we miss you.',
      audience: { role: 'students', statuses: v.statuses, activity: 'any' },
      channels: v.channels,
    }),
    errorFields: { 'audience.statuses': 'statuses' },
  });
  return (
    <>
      <TextInput label="Campaign name" {...form.getInputProps('name')} />
      <Checkbox.Group label="Status" {...form.getInputProps('statuses')}>
        <Checkbox value="active" label="Active" />
      </Checkbox.Group>
      <Checkbox.Group label="Channels" {...form.getInputProps('channels')}>
        <Checkbox value="email" label="Email" />
      </Checkbox.Group>
      <Button onClick={() => onSubmit(send)()}>Preview</Button>
    </>
  );
}

/** The error text Mantine shows under the field (an input, or a group of checkboxes) with this label. */
function errorUnder(label: string): string | null {
  const input = screen.queryByRole('group', { name: label }) ?? screen.getByLabelText(label);
  const ids = (input.getAttribute('aria-describedby') ?? '').split(' ').filter(Boolean);
  return ids.map((id) => document.getElementById(id)?.textContent ?? '').join(' ') || null;
}

describe('useSchemaForm', () => {
  it("shows the form's own check, then the shared schema's rule under the field that feeds it, and sends nothing", async () => {
    const send = vi.fn();
    const { user } = await renderUi(<CreditForm send={send} />);
    await user.type(screen.getByLabelText('Amount'), 'ten');
    await user.click(screen.getByRole('button', { name: 'Preview' }));
    expect(errorUnder('Amount')).toBe('Type dollars, e.g. 25 or -10.50');

    await user.clear(screen.getByLabelText('Amount'));
    await user.type(screen.getByLabelText('Amount'), '0');
    await user.click(screen.getByRole('button', { name: 'Preview' }));
    // The rule lives in the procedure's schema (on amountCents); it shows under Amount.
    expect(errorUnder('Amount')).toBe('Amount must not be zero');
    expect(send).not.toHaveBeenCalled();
  });

  it('sends the request the schema parsed, once', async () => {
    const send = vi.fn();
    const { user } = await renderUi(<CreditForm send={send} />);
    await user.type(screen.getByLabelText('Amount'), '-10.50');
    await user.click(screen.getByRole('button', { name: 'Preview' }));
    expect(send).toHaveBeenCalledTimes(1);
    expect(send).toHaveBeenCalledWith({ userId: USER_ID, amountCents: -1_050 });
  });

  it('puts an issue deep in the request under the field it came from', async () => {
    const send = vi.fn();
    // Four statuses where the schema allows three.
    const { user } = await renderUi(<CampaignForm send={send} statuses={['active', 'active', 'verified', 'founding']} />);
    await user.click(screen.getByRole('checkbox', { name: 'Email' }));
    await user.click(screen.getByRole('button', { name: 'Preview' }));
    expect(errorUnder('Campaign name')).toBe('Campaign name is required (at least 3 characters)');
    expect(errorUnder('Channels')).toBe('Choose at least one channel');
    expect(errorUnder('Status')).toBe('Choose at most 3 statuses');
    expect(send).not.toHaveBeenCalled();
  });

  it('sends what the server will read: trimmed, with the defaults filled in', async () => {
    const send = vi.fn();
    const { user } = await renderUi(<CampaignForm send={send} statuses={[]} />);
    await user.type(screen.getByLabelText('Campaign name'), '  Winter comeback  ');
    await user.click(screen.getByRole('button', { name: 'Preview' }));
    expect(send).toHaveBeenCalledTimes(1);
    expect(send).toHaveBeenCalledWith(
      expect.objectContaining({
        kind: 'announcement',
        name: 'Winter comeback',
        templateKey: null,
        audience: { role: 'students', statuses: [], activity: 'any' },
        channels: ['email'],
      }),
    );
  });
});
