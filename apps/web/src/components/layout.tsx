import { Button, NumberBadge, PageContent, SkipLink, VisuallyHidden } from '@rijkshuisstijl-community/components-react';
import type { ReactNode } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { setLocale, useLocale } from '../i18n/i18n';
import { OversightNav } from '../features/oversight/oversight-nav';
import { Link } from '../router';
import { figuresOnly, type User } from '../session/session';

/** The frame of every signed-in page: skip link, header with navigation, the unread count, sign-out. */
export function Layout({ user, unread, onSignOut, children }: { user: User; unread?: number; onSignOut: () => void; children: ReactNode }) {
  const intl = useIntl();
  const locale = useLocale();
  return (
    <>
      <SkipLink href="#main">
        <FormattedMessage id="layout.skip" />
      </SkipLink>
      <header className="or-header">
        <div className="or-header__inner">
          <Link to="/" className="or-brand">
            OneRoof
          </Link>
          <nav aria-label={intl.formatMessage({ id: 'layout.nav' })} className="or-nav">
            {!figuresOnly(user) && (
              <>
                <Link to="/">
                  <FormattedMessage id="nav.myWork" />
                </Link>
                <Link to="/review-roster">
                  <FormattedMessage id="nav.reviewRoster" />
                </Link>
                <Link to="/#notifications">
                  <FormattedMessage id="nav.notifications" /> <NumberBadge data-testid="unread-count">{unread ?? 0}</NumberBadge>
                  <VisuallyHidden>
                    {' '}
                    <FormattedMessage id="nav.unread" />
                  </VisuallyHidden>
                </Link>
              </>
            )}
            {user.roles.some((r) => r === 'analyst' || r === 'coordinator') && (
              <Link to="/monitoring">
                <FormattedMessage id="nav.monitoring" />
              </Link>
            )}
            <OversightNav user={user} />
            <Link to="/security">
              <FormattedMessage id="security.nav" />
            </Link>
          </nav>
          <div className="or-user">
            <span>{user.name}</span>
            <Button
              appearance="subtle-button"
              onClick={() => setLocale(locale === 'nl' ? 'en' : 'nl')}
              lang={locale === 'nl' ? 'en' : 'nl'}
            >
              {locale === 'nl' ? 'English' : 'Nederlands'}
            </Button>
            <Button appearance="secondary-action-button" onClick={onSignOut}>
              <FormattedMessage id="layout.signOut" />
            </Button>
          </div>
        </div>
      </header>
      <PageContent>
        <main id="main" tabIndex={-1} className="or-main">
          {children}
        </main>
      </PageContent>
    </>
  );
}
