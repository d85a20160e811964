import { useIntl, type IntlShape } from 'react-intl';
import { TIME_ZONE } from '../i18n/i18n';

/** The one place dates are written: Europe/Amsterdam, as Dutch users write them (1 dec. 2026 14:05). */
export function formatDateTime(intl: IntlShape, value: string, dateOnly = false): string {
  const date = new Date(value);
  return dateOnly
    ? intl.formatDate(date, { day: 'numeric', month: 'short', year: 'numeric', timeZone: TIME_ZONE })
    : intl.formatDate(date, { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: TIME_ZONE });
}

export function DateTime({ value, dateOnly = false }: { value: string | null | undefined; dateOnly?: boolean }) {
  const intl = useIntl();
  if (!value) return null;
  return <time dateTime={value}>{formatDateTime(intl, value, dateOnly)}</time>;
}
