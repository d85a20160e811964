import { Button, FormFieldTextInput, Heading, PageContent, Paragraph } from '@rijkshuisstijl-community/components-react';
import { useState, type FormEvent } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { fieldError, ProblemMessage } from '../components/problem-message';
import { setLocale, useLocale } from '../i18n/i18n';
import { signIn } from './session';
import { SecondStepForm } from './second-step.form';

/** Sign-in. The fields keep what was typed on an error (uncontrolled inputs, never reset on failure). */
export function SignInPage({ ended }: { ended?: boolean }) {
  const intl = useIntl();
  const locale = useLocale();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  // design.md §9: after a right password of a user with a second factor, the code step.
  const [mfaToken, setMfaToken] = useState<string>();

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(undefined);
    try {
      const next = await signIn(String(form.get('email') ?? ''), String(form.get('password') ?? ''));
      if (next) setMfaToken(next.mfaToken);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const labels = { email: intl.formatMessage({ id: 'signIn.email' }), password: intl.formatMessage({ id: 'signIn.password' }) };
  return (
    <PageContent>
      <main id="main" className="or-main or-sign-in">
        <Button appearance="subtle-button" onClick={() => setLocale(locale === 'nl' ? 'en' : 'nl')} lang={locale === 'nl' ? 'en' : 'nl'}>
          {locale === 'nl' ? 'English' : 'Nederlands'}
        </Button>
        <Heading level={1}>
          <FormattedMessage id="signIn.title" />
        </Heading>
        <Paragraph>
          <FormattedMessage id="signIn.intro" />
        </Paragraph>
        {ended && !error && (
          <Paragraph role="status" data-testid="session-ended">
            <FormattedMessage id="signIn.ended" />
          </Paragraph>
        )}
        {mfaToken ? (
          <SecondStepForm mfaToken={mfaToken} onRestart={() => setMfaToken(undefined)} />
        ) : (
          <>
            <ProblemMessage error={error} fieldLabels={labels} />
            <form onSubmit={(e) => void submit(e)} noValidate aria-label={intl.formatMessage({ id: 'signIn.title' })}>
              <FormFieldTextInput
                label={labels.email}
                name="email"
                type="email"
                autoComplete="username"
                required
                {...fieldError(error, 'email')}
              />
              <FormFieldTextInput
                label={labels.password}
                name="password"
                type="password"
                autoComplete="current-password"
                required
                {...fieldError(error, 'password')}
              />
              <Button appearance="primary-action-button" type="submit" disabled={busy}>
                <FormattedMessage id={busy ? 'signIn.busy' : 'signIn.submit'} />
              </Button>
            </form>
          </>
        )}
      </main>
    </PageContent>
  );
}
