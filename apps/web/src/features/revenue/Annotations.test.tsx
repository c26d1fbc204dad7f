import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Annotation } from '@ops/shared';
import { renderUi } from '../../test/render';
import { AnnotationList } from './Annotations';

const deploy: Annotation = {
  day: '2026-12-03',
  kind: 'deploy',
  label: 'Deploy api 4.11.5 (41b5a05)',
  count: 1,
  auditId: null,
  deployId: 'd-415',
};
const refunds = (day: string, count: number, auditId: number): Annotation => ({
  day,
  kind: 'refund',
  label: `Refunds issued by staff (${count})`,
  count,
  auditId,
  deployId: null,
});

const linkTo = (name: string) => screen.getByRole('link', { name }).getAttribute('href');

describe('AnnotationList', () => {
  it('links a deploy marker to its row in the deploy history', async () => {
    await renderUi(<AnnotationList annotations={[deploy]} periodDays={7} />, { role: 'exec' });
    expect(linkTo('2026-12-03 · Deploy api 4.11.5 (41b5a05)')).toBe('/deploys?deploy=d-415#deploy-d-415');
  });

  it('links one staff action to its entry and several of a day to the audit log filtered to them', async () => {
    await renderUi(<AnnotationList annotations={[refunds('2026-11-20', 1, 7), refunds('2026-12-01', 2, 9)]} periodDays={30} />, {
      role: 'support',
    });
    expect(linkTo('2026-11-20 · Refunds issued by staff (1)')).toBe('/audit/7');
    expect(linkTo('2026-12-01 · Refunds issued by staff (2)')).toBe('/audit?action=refunds&from=2026-12-01&to=2026-12-01');
  });

  it('opens a folded group as a list of links, one per marker', async () => {
    const { user } = await renderUi(
      <AnnotationList annotations={[refunds('2026-11-28', 3, 11), { ...deploy, day: '2026-11-28' }]} periodDays={30} />,
      { role: 'support' },
    );
    await user.click(screen.getByRole('button', { name: '4 markers, 2026-11-28' }));
    const list = await screen.findByRole('list', { name: 'Markers, 2026-11-28' });
    const links = within(list).getAllByRole('link');
    expect(links.map((l) => l.getAttribute('href'))).toEqual([
      '/audit?action=refunds&from=2026-11-28&to=2026-11-28',
      '/deploys?deploy=d-415#deploy-d-415',
    ]);
  });

  it('reads staff actions as text for a role that cannot open the audit log', async () => {
    await renderUi(<AnnotationList annotations={[refunds('2026-12-01', 2, 9)]} periodDays={7} />, { role: 'exec' });
    expect(screen.getByText('2026-12-01 · Refunds issued by staff (2)')).toBeTruthy();
    expect(screen.queryByRole('link')).toBeNull();
  });
});
