import { Paragraph } from '@rijkshuisstijl-community/components-react';
import { useEffect, useState } from 'react';
import { FormattedMessage } from 'react-intl';
import { DateTime } from '../../components/date-time';
import { useGrantExpiry } from './emergency-access.queries';

/** Minutes left until `expiresAt`, never below zero (rounded up: "1 minute" until it is over). */
export function minutesLeft(expiresAt: string, now: number): number {
  return Math.max(0, Math.ceil((new Date(expiresAt).getTime() - now) / 60_000));
}

/**
 * The banner over a case opened by emergency access: read-only, and how long it still lasts. It
 * counts down on its own; a screen reader hears it once (role status), not every tick.
 */
export function EmergencyBanner({ caseId }: { caseId: string }) {
  const expiresAt = useGrantExpiry(caseId);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!expiresAt) return undefined;
    const timer = window.setInterval(() => setNow(Date.now()), 15_000);
    return () => window.clearInterval(timer);
  }, [expiresAt]);
  if (!expiresAt) return null;
  const left = minutesLeft(expiresAt, now);
  return (
    <div className={left > 0 ? 'or-notice' : 'or-notice or-notice--ended'} data-testid="emergency-banner">
      <Paragraph role="status">
        {left > 0 ? (
          <FormattedMessage
            id="emergency.banner"
            values={{ hours: Math.floor(left / 60), minutes: left % 60, until: <DateTime value={expiresAt} /> }}
          />
        ) : (
          <FormattedMessage id="emergency.expired" />
        )}
      </Paragraph>
    </div>
  );
}
