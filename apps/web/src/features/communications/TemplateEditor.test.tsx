import { screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { MessageTemplate } from '@ops/shared';
import { renderUi } from '../../test/render';
import { TemplateEditor } from './TemplateEditor';

const reminder: MessageTemplate = {
  key: 'lesson_reminder',
  name: 'Lesson reminder',
  channel: 'email',
  subject: 'Reminder: {{serviceName}} tomorrow',
  body: 'Hi {{firstName}},\n\nYour {{serviceName}} lesson starts {{lessonTime}}.',
  updatedAt: '2026-10-02T04:41:00.000Z',
  updatedBy: 'Ada Admin',
};

afterEach(() => {
  vi.restoreAllMocks();
});

describe('TemplateEditor', () => {
  it('lists the variables this template is filled with, and refuses a misspelt one before anything is sent', async () => {
    const fetched = vi.spyOn(globalThis, 'fetch');
    const { user } = await renderUi(<TemplateEditor template={reminder} />, { role: 'admin' });
    expect(screen.getByText(/^Variables: \{\{firstName\}\}, \{\{instructorName\}\}, \{\{serviceName\}\}/)).toBeTruthy();
    const body = screen.getByLabelText('Body');
    await user.clear(body);
    await user.type(body, 'Hi {{{{firstname}}');
    await user.click(screen.getByRole('button', { name: 'Save template' }));
    expect(await screen.findByText(/^Body uses unknown variable \{\{firstname\}\}/)).toBeTruthy();
    expect(fetched).not.toHaveBeenCalled();
  });
});
