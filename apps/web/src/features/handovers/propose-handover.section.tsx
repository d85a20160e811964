import { Button, Heading } from '@rijkshuisstijl-community/components-react';
import { lazy, Suspense, useState } from 'react';
import { FormattedMessage } from 'react-intl';

const ProposeHandoverForm = lazy(() => import('./propose-handover.form').then((m) => ({ default: m.ProposeHandoverForm })));

/**
 * The warm-transfer proposal behind a button on the case file: a long form that most visits do not
 * need, so it opens (and loads) only when asked for, and takes the focus to its heading.
 */
export function ProposeHandoverSection({ caseId, teamIds }: { caseId: string; teamIds: string[] }) {
  const [open, setOpen] = useState(false);
  if (open)
    return (
      <Suspense fallback={null}>
        <ProposeHandoverForm caseId={caseId} teamIds={teamIds} autoFocus onClose={() => setOpen(false)} />
      </Suspense>
    );
  return (
    <section aria-labelledby="propose-closed-heading">
      <Heading level={2} appearanceLevel={3} id="propose-closed-heading">
        <FormattedMessage id="handover.propose.title" />
      </Heading>
      <Button appearance="secondary-action-button" onClick={() => setOpen(true)} aria-expanded={false}>
        <FormattedMessage id="handover.propose.open" />
      </Button>
    </section>
  );
}
