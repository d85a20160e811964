import { useIntl } from 'react-intl';

/**
 * A notification's title in the reader's language, by its kind (design.md §10: Dutch first, English
 * per user). The server's title is English and the same for everyone; it stays the fallback for a
 * kind this version of the page does not know yet. Titles carry the case reference only (§2).
 */
export function notificationTitle(
  intl: ReturnType<typeof useIntl>,
  n: { kind: string; caseReference: string | null; title: string },
): string {
  const id = `notification.kind.${n.kind}`;
  if (!intl.messages[id]) return n.title;
  return intl.formatMessage({ id }, { case: n.caseReference ?? intl.formatMessage({ id: 'notification.aCase' }) });
}

export function NotificationTitle({ notification }: { notification: { kind: string; caseReference: string | null; title: string } }) {
  const intl = useIntl();
  return <>{notificationTitle(intl, notification)}</>;
}
