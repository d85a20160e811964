import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { IntlProvider } from 'react-intl';
import { messages, TIME_ZONE, type Locale } from './i18n/i18n';

/** Renders with the app's real messages, so that a test reads what a user reads. */
export function renderWithIntl(ui: ReactElement, locale: Locale = 'nl') {
  return render(
    <IntlProvider locale={locale === 'nl' ? 'nl-NL' : 'en-GB'} messages={messages[locale]} timeZone={TIME_ZONE}>
      {ui}
    </IntlProvider>,
  );
}
