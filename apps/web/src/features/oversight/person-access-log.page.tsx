import { FormFieldSelect, Heading, Paragraph, SelectOption } from '@rijkshuisstijl-community/components-react';
import { useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { PageState } from '../../components/page-state';
import { Link, navigate } from '../../router';
import { needsStepUp, StepUpPrompt } from '../security/step-up';
import { AuditTable } from './audit-table';
import { useCaseIndex, useCasePersons, usePersonAccessLog } from './oversight.queries';

/**
 * The name of the person chosen on this page, kept in memory only (design.md §10: no personal
 * data in a URL beyond ids), so that the log's heading can say whose log it is; a log opened from
 * its address alone says "this person".
 */
const chosenNames = new Map<string, string>();

/**
 * design.md §10 "who looked at a person": choose the case, then the person; the log of one person
 * has its own address (/oversight/persons/:id) so that it can be opened again. Names come from the
 * case, which a coordinator may read (§3); the log itself is the API's.
 */
export function PersonAccessPage() {
  const intl = useIntl();
  const cases = useCaseIndex();
  const [caseId, setCaseId] = useState('');
  const file = useCasePersons(caseId);
  return (
    <article>
      <Heading level={1}>
        <FormattedMessage id="oversight.person.title" />
      </Heading>
      <Paragraph>
        <FormattedMessage id="oversight.person.intro" />
      </Paragraph>
      <PageState query={cases}>
        {(page) => (
          <FormFieldSelect
            label={intl.formatMessage({ id: 'oversight.person.case' })}
            name="caseId"
            value={caseId}
            onChange={(event) => setCaseId(event.currentTarget.value)}
          >
            <SelectOption value="">{intl.formatMessage({ id: 'oversight.person.chooseCase' })}</SelectOption>
            {page.items.map((c) => (
              <SelectOption key={c.id} value={c.id}>
                {c.reference}
              </SelectOption>
            ))}
          </FormFieldSelect>
        )}
      </PageState>
      {caseId && (
        <section aria-labelledby="persons-of-case">
          <Heading level={2} appearanceLevel={3} id="persons-of-case">
            <FormattedMessage id="oversight.person.persons" />
          </Heading>
          <PageState query={file} empty={(c) => c.persons.length === 0}>
            {(c) => (
              <ul className="or-list" data-testid="persons">
                {c.persons.map((p) => (
                  <li key={p.id}>
                    <Link to={`/oversight/persons/${p.id}`} onClick={() => chosenNames.set(p.id, `${p.firstName} ${p.lastName}`)}>
                      {p.firstName} {p.lastName}
                    </Link>{' '}
                    · <FormattedMessage id={`person.role.${p.familyRole}`} />
                  </li>
                ))}
              </ul>
            )}
          </PageState>
        </section>
      )}
    </article>
  );
}

/** One person's access log: every read and write that returned or changed their data. */
export function PersonAccessLogPage({ personId }: { personId: string }) {
  const intl = useIntl();
  const log = usePersonAccessLog(personId);
  const cases = useCaseIndex();
  const references = new Map((cases.data?.items ?? []).map((c) => [c.id, c.reference]));
  const name = chosenNames.get(personId);
  return (
    <article>
      <Heading level={1}>
        {name ? (
          <FormattedMessage id="oversight.person.logTitleOf" values={{ name }} />
        ) : (
          <FormattedMessage id="oversight.person.logTitle" />
        )}
      </Heading>
      <Paragraph>
        <Link to="/oversight/access">
          <FormattedMessage id="oversight.person.back" />
        </Link>
      </Paragraph>
      {/* design.md §9: an access log needs a recent second factor; after the code the log is read again. */}
      {needsStepUp(log.error) ? (
        <StepUpPrompt onDone={() => void log.refetch()} onCancel={() => navigate('/oversight/access')} />
      ) : (
        <AuditTable
          query={log}
          label={intl.formatMessage({ id: 'oversight.person.logTitle' })}
          reference={(id) => (id ? (references.get(id) ?? '—') : '—')}
        />
      )}
    </article>
  );
}
