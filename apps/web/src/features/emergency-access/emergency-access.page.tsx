import { Button, FormFieldTextarea, Heading, Paragraph } from '@rijkshuisstijl-community/components-react';
import type { FormEvent } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { fieldError, ProblemMessage } from '../../components/problem-message';
import { Link, navigate } from '../../router';
import { needsStepUp, useStepUp } from '../security/step-up';
import { useBreakGlass } from './emergency-access.queries';

/**
 * Break the glass (design.md §2, noodknop) at /cases/:id/emergency-access: a written reason, then
 * the case opens read-only for a limited time. The page says plainly what happens; whether it is
 * allowed (a professional, not on the team, a case that exists) the API decides and its answer is shown.
 */
export function EmergencyAccessPage({ caseId }: { caseId: string }) {
  const intl = useIntl();
  const grant = useBreakGlass(caseId);
  // design.md §9: breaking the glass needs a recent second factor for a user who has one; the
  // prompt asks for a code and the same reason is sent again, so nothing typed is lost.
  const { run, prompt } = useStepUp();
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const reason = String(new FormData(event.currentTarget).get('reason') ?? '');
    run(() => grant.mutateAsync(reason)).then(
      () => navigate(`/cases/${caseId}`),
      () => undefined, // shown below from grant.error
    );
  };
  return (
    <article>
      <Heading level={1}>
        <FormattedMessage id="emergency.title" />
      </Heading>
      {/* A standing warning, not an event: no alert role, read in its place. */}
      <div className="or-notice">
        <Paragraph>
          <FormattedMessage id="emergency.warning" />
        </Paragraph>
      </div>
      {prompt ?? (needsStepUp(grant.error) ? null : <ProblemMessage error={grant.error} />)}
      <form onSubmit={submit} className="or-form" noValidate aria-labelledby="emergency-form-heading">
        <Heading level={2} appearanceLevel={3} id="emergency-form-heading">
          <FormattedMessage id="emergency.form" />
        </Heading>
        <FormFieldTextarea
          label={intl.formatMessage({ id: 'emergency.reason' })}
          description={intl.formatMessage({ id: 'emergency.reason.hint' })}
          name="reason"
          rows={4}
          {...fieldError(grant.error, 'reason')}
        />
        <Button appearance="primary-action-button" type="submit" disabled={grant.isPending}>
          <FormattedMessage id="emergency.submit" />
        </Button>
      </form>
      <Paragraph>
        <Link to="/">
          <FormattedMessage id="notFound.back" />
        </Link>
      </Paragraph>
    </article>
  );
}
