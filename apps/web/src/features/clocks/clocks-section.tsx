import { Button, FormFieldTextarea, Heading, Paragraph } from '@rijkshuisstijl-community/components-react';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { DateTime } from '../../components/date-time';
import { PageState } from '../../components/page-state';
import { fieldError, ProblemMessage } from '../../components/problem-message';
import { clockKey, sortClocks } from './clock-key';
import { useCaseLinks, useClocks, useExplainClock, type CaseClock } from './clocks.queries';

/**
 * design.md §8 on the case page: each clock (what runs, what met its target, what breached) with the
 * lead's explanation, and the case's links. Whoever may not explain gets the API's 403 in words.
 */
export function ClocksSection({ caseId, personName }: { caseId: string; personName: (id: string | undefined) => string }) {
  const clocks = useClocks(caseId);
  const links = useCaseLinks(caseId);
  const [explaining, setExplaining] = useState<string | null>(null);
  return (
    <section aria-labelledby="clocks-heading">
      <Heading level={2} appearanceLevel={3} id="clocks-heading">
        <FormattedMessage id="clocks.title" />
      </Heading>
      <PageState query={clocks} empty={(d) => d.items.length === 0}>
        {(data) => (
          <ul className="or-list" data-testid="clocks">
            {sortClocks(data.items).map((c) => (
              <li key={clockKey(c)} data-clock={clockKey(c)}>
                <Paragraph>
                  <strong>
                    <FormattedMessage id={`clocks.clock.${c.clock}`} />
                  </strong>
                  {c.personId && <> · {personName(c.personId)}</>} · <FormattedMessage id={`clocks.state.${c.state}`} /> ·{' '}
                  <FormattedMessage id="clocks.due" /> <DateTime value={c.dueAt} />
                  {c.stoppedAt && (
                    <>
                      {' '}
                      · <FormattedMessage id="clocks.stopped" /> <DateTime value={c.stoppedAt} />
                    </>
                  )}
                </Paragraph>
                {c.explanation && (
                  <Paragraph>
                    <FormattedMessage id="clocks.explanation" />: {c.explanation.reason}
                  </Paragraph>
                )}
                {c.state === 'breached' &&
                  (explaining === clockKey(c) ? (
                    <ExplainForm caseId={caseId} clock={c} onDone={() => setExplaining(null)} />
                  ) : (
                    <Button appearance="secondary-action-button" onClick={() => setExplaining(clockKey(c))}>
                      <FormattedMessage id={c.explanation ? 'clocks.explainAgain' : 'clocks.explain'} />
                    </Button>
                  ))}
              </li>
            ))}
          </ul>
        )}
      </PageState>
      <Heading level={3} appearanceLevel={4}>
        <FormattedMessage id="clocks.links" />
      </Heading>
      <PageState query={links} empty={(d) => d.items.length === 0}>
        {(data) => (
          <ul className="or-list" data-testid="case-links">
            {data.items.map((l) => (
              <li key={l.caseId}>
                {l.reference} · <FormattedMessage id={`clocks.link.${l.kind}`} /> · <DateTime value={l.linkedAt} dateOnly />
                {l.note && <> · {l.note}</>}
              </li>
            ))}
          </ul>
        )}
      </PageState>
    </section>
  );
}

function ExplainForm({ caseId, clock, onDone }: { caseId: string; clock: CaseClock; onDone: () => void }) {
  const intl = useIntl();
  const explain = useExplainClock(caseId);
  const [reason, setReason] = useState('');
  const form = useRef<HTMLFormElement>(null);
  // The button that opened the form is gone: the reason field takes the focus, so the keyboard goes on there.
  useEffect(() => form.current?.querySelector('textarea')?.focus(), []);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    explain.mutate({ clock: clock.clock, personId: clock.personId, handoverId: clock.handoverId, reason }, { onSuccess: () => onDone() });
  };
  return (
    <form ref={form} onSubmit={submit} className="or-form" noValidate aria-label={intl.formatMessage({ id: 'clocks.explainForm' })}>
      <FormFieldTextarea
        label={intl.formatMessage({ id: 'clocks.reason' })}
        name="reason"
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        {...fieldError(explain.error, 'reason')}
      />
      <ProblemMessage error={explain.error} fieldLabels={{ reason: intl.formatMessage({ id: 'clocks.reason' }) }} />
      <Button appearance="primary-action-button" type="submit" disabled={explain.isPending}>
        <FormattedMessage id="clocks.save" />
      </Button>
    </form>
  );
}
