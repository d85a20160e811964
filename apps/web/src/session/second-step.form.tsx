import { Button, FormFieldTextInput, Paragraph } from '@rijkshuisstijl-community/components-react';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { isProblem } from '../api/problem';
import { fieldError, ProblemMessage } from '../components/problem-message';
import { signInWithCode } from './session';

/**
 * design.md §9, the second step of signing in: the code the authenticator app shows, or one of the
 * recovery codes. The mfaToken works once, so after a wrong code the user starts again with the
 * password (the API's answer says so; the page offers the way back).
 */
export function SecondStepForm({ mfaToken, onRestart }: { mfaToken: string; onRestart: () => void }) {
  const intl = useIntl();
  const [recovery, setRecovery] = useState(false);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const spent = isProblem(error) && error.status === 401;
  // The field the user came here for takes the focus (the password step was just sent); the NL
  // Design System field does not hand a ref to its input, so it is found in the form.
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => form.current?.querySelector<HTMLInputElement>('input[name="code"]')?.focus(), [recovery]);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const value = String(new FormData(event.currentTarget).get('code') ?? '').trim();
    setBusy(true);
    setError(undefined);
    try {
      await signInWithCode(mfaToken, recovery ? { recoveryCode: value } : { code: value.replace(/\s/g, '') });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const label = intl.formatMessage({ id: recovery ? 'security.signIn.recoveryCode' : 'security.signIn.code' });
  if (spent) {
    return (
      <>
        <ProblemMessage error={error} />
        <Paragraph>
          <FormattedMessage id="security.signIn.startAgain" />
        </Paragraph>
        <Button appearance="primary-action-button" onClick={onRestart}>
          <FormattedMessage id="security.signIn.back" />
        </Button>
      </>
    );
  }
  return (
    <>
      <Paragraph>
        <FormattedMessage id={recovery ? 'security.signIn.recoveryIntro' : 'security.signIn.codeIntro'} />
      </Paragraph>
      <ProblemMessage error={error} fieldLabels={{ code: label, recoveryCode: label }} />
      <form ref={form} onSubmit={(e) => void submit(e)} noValidate aria-label={intl.formatMessage({ id: 'security.signIn.title' })}>
        <FormFieldTextInput
          key={recovery ? 'recovery' : 'code'}
          label={label}
          name="code"
          autoComplete="one-time-code"
          inputMode={recovery ? 'text' : 'numeric'}
          required
          {...fieldError(error, recovery ? 'recoveryCode' : 'code')}
        />
        <Button appearance="primary-action-button" type="submit" disabled={busy}>
          <FormattedMessage id={busy ? 'signIn.busy' : 'security.signIn.submit'} />
        </Button>
      </form>
      <Button appearance="subtle-button" onClick={() => setRecovery(!recovery)}>
        <FormattedMessage id={recovery ? 'security.signIn.useCode' : 'security.signIn.useRecovery'} />
      </Button>
    </>
  );
}
