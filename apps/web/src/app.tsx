import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { Paragraph } from '@rijkshuisstijl-community/components-react';
import { lazy, Suspense, useEffect } from 'react';
import { FormattedMessage } from 'react-intl';
import { retryUnlessRefused } from './api/problem';
import { Layout } from './components/layout';
import { CaseFilePage } from './features/cases/case-file.page';
import { NotFoundPage } from './features/common/not-found.page';
import { OpenCasePage } from './features/cases/open-case.page';
import { isConferencePath } from './features/conferences/paths';
import { MyWorkPage } from './features/work/my-work.page';
import { isOversightPath, OversightRoutes } from './features/oversight/oversight.routes';
import { useUnreadCount } from './features/work/work.queries';
import { I18nProvider } from './i18n/i18n';
import { match, usePath } from './router';
import { figuresOnly, signOut, useSession, type User } from './session/session';
import { SignInPage } from './session/sign-in.page';
import { MfaGate } from './features/security/mfa-gate';

// The warm-transfer pages (and the form components only they use) load when first opened, which
// keeps the first load's JavaScript within its budget (design issue 10: under 300 kB gzip).
const CaseWorkPage = lazy(() => import('./features/intake/case-work.page').then((m) => ({ default: m.CaseWorkPage })));
const HandoverPage = lazy(() => import('./features/handovers/handover.page').then((m) => ({ default: m.HandoverPage })));
const ConferenceRoutes = lazy(() => import('./features/conferences/routes').then((m) => ({ default: m.ConferenceRoutes })));
const MonitoringPage = lazy(() => import('./features/monitoring/monitoring.page').then((m) => ({ default: m.MonitoringPage })));

const SecurityRoutes = lazy(() => import('./features/security/security-routes'));

const queryClient = new QueryClient({
  defaultOptions: { queries: { staleTime: 10_000, refetchOnWindowFocus: true, retry: retryUnlessRefused } },
});

/** The route table: a page file per route. */
function Routes({ path, user }: { path: string; user: User }) {
  if (path === '/monitoring' || (path === '/' && figuresOnly(user))) return <MonitoringPage />;
  if (path === '/') return <MyWorkPage />;
  if (isOversightPath(path)) return <OversightRoutes path={path} />;
  const handover = match('/handovers/:id', path);
  if (handover) return <HandoverPage key={handover.id} id={handover.id} me={user} />;
  // Only its own parts: other pages under a case (conferences, safety plan) keep their own routes.
  const caseWork = match('/cases/:id/:part', path);
  if (caseWork && ['intake', 'follow-ups', 'emergency-access'].includes(caseWork.part))
    return <CaseWorkPage key={path} id={caseWork.id} part={caseWork.part} me={user} />;
  if (isConferencePath(path)) return <ConferenceRoutes path={path} me={user} />;
  if (path === '/cases/new') return <OpenCasePage />;
  const caseFile = match('/cases/:id', path);
  if (caseFile) return <CaseFilePage key={caseFile.id} id={caseFile.id} me={user} />;
  if (path === '/security' || path.startsWith('/security/')) return <SecurityRoutes path={path} />;
  return <NotFoundPage />;
}

function SignedIn({ user }: { user: User }) {
  const path = usePath();
  const unread = useUnreadCount(!figuresOnly(user));
  useEffect(() => {
    document.title = 'OneRoof';
  }, [path]);
  const leave = () => {
    void signOut().finally(() => queryClient.clear());
  };
  return (
    <Layout user={user} unread={unread.data?.count} onSignOut={leave}>
      <Suspense
        fallback={
          <Paragraph role="status">
            <FormattedMessage id="state.loading" />
          </Paragraph>
        }
      >
        <MfaGate>
          <Routes path={path} user={user} />
        </MfaGate>
      </Suspense>
    </Layout>
  );
}

function Shell() {
  const session = useSession();
  if (session.status === 'restoring')
    return (
      <Paragraph role="status" className="or-main">
        <FormattedMessage id="state.restoring" />
      </Paragraph>
    );
  if (session.status === 'signed-out') return <SignInPage ended={session.reason === 'ended'} />;
  return <SignedIn user={session.user} />;
}

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <I18nProvider>
        <Shell />
      </I18nProvider>
    </QueryClientProvider>
  );
}
