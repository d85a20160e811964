import { Alert, Heading, Paragraph } from '@rijkshuisstijl-community/components-react';
import { FormattedMessage } from 'react-intl';
import { isProblem } from '../../api/problem';
import { ProblemMessage } from '../../components/problem-message';

/**
 * The CSV exports and the access logs may ask for a second factor first (design.md §9 step-up:
 * 401 `step_up_required`), and a coordinator who has not enrolled gets 403 `mfa_enrolment_required`.
 * Those are said in words here, so that a coordinator does not read "signing in failed"; the
 * step-up prompt itself is wired where sign-in lives. Any other problem shows as everywhere else.
 */
export function secondFactorKind(error: unknown): 'step-up' | 'enrol' | null {
  if (!isProblem(error)) return null;
  const code = `${error.code ?? ''}`.toLowerCase();
  if (error.status === 401 && code === 'step_up_required') return 'step-up';
  if (error.status === 403 && code === 'mfa_enrolment_required') return 'enrol';
  return null;
}

export function OversightProblem({ error, fieldLabels }: { error: unknown; fieldLabels?: Record<string, string> }) {
  const kind = secondFactorKind(error);
  if (!kind) return <ProblemMessage error={error} fieldLabels={fieldLabels} />;
  return (
    <Alert type="warning" role="alert" data-testid="second-factor-needed">
      <Heading level={2} appearanceLevel={4}>
        <FormattedMessage id={`oversight.secondFactor.${kind}.title`} />
      </Heading>
      <Paragraph>
        <FormattedMessage id={`oversight.secondFactor.${kind}.text`} />
      </Paragraph>
    </Alert>
  );
}
