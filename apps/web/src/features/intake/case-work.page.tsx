import { Paragraph } from '@rijkshuisstijl-community/components-react';
import { FormattedMessage } from 'react-intl';
import { isProblem } from '../../api/problem';
import { ProblemMessage } from '../../components/problem-message';
import type { User } from '../../session/session';
import { useCase } from '../cases/case.queries';
import { NotFoundPage } from '../common/not-found.page';
import { EmergencyAccessPage } from '../emergency-access/emergency-access.page';
import { EmergencyBanner } from '../emergency-access/emergency-banner';
import { FollowUpsPage } from '../follow-ups/follow-ups.page';
import { IntakePage } from './intake.page';

/**
 * The pages under a case (/cases/:id/intake, /follow-ups, /emergency-access), loaded together on
 * first use so the first load stays small. Intake and follow-ups read the case first: a case the
 * user may not see gives the one not-found page, as the case file does.
 */
export function CaseWorkPage({ id, part, me }: { id: string; part: string; me: User }) {
  if (part === 'emergency-access') return <EmergencyAccessPage caseId={id} />;
  if (part !== 'intake' && part !== 'follow-ups') return <NotFoundPage />;
  return <WithCase id={id} part={part} me={me} />;
}

function WithCase({ id, part, me }: { id: string; part: 'intake' | 'follow-ups'; me: User }) {
  const query = useCase(id);
  if (query.isPending)
    return (
      <Paragraph role="status">
        <FormattedMessage id="state.loading" />
      </Paragraph>
    );
  if (isProblem(query.error) && query.error.status === 404) return <NotFoundPage caseId={id} />;
  if (query.error) return <ProblemMessage error={query.error} />;
  const data = query.data!;
  return (
    <>
      <EmergencyBanner caseId={id} />
      {part === 'intake' ? <IntakePage data={data} me={me} /> : <FollowUpsPage data={data} me={me} />}
    </>
  );
}
