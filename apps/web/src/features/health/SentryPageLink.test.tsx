import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderUi } from '../../test/render';
import { SentryPageLink } from './SentryPageLink';

const PERMALINK = 'https://sentry.example/organizations/acme/issues/4014/';

describe('SentryPageLink', () => {
  it("opens the issue's page in Sentry", async () => {
    await renderUi(<SentryPageLink permalink={PERMALINK} source={{ sample: false }} />, { role: 'oncall' });
    expect(screen.getByRole('link', { name: 'Open in Sentry' }).getAttribute('href')).toBe(PERMALINK);
  });

  it('offers no link when Sentry is a stand-in over sample data, and says why', async () => {
    await renderUi(
      <SentryPageLink permalink="http://127.0.0.1:40123/organizations/sample/issues/4014/" source={{ sample: true }} />,
      {
        role: 'oncall',
      },
    );
    expect(screen.queryByRole('link')).toBeNull();
    expect(screen.getByText('Sample data — no Sentry page')).toBeTruthy();
  });
});
