import { Button, FormFieldTextInput, Heading, Paragraph } from '@rijkshuisstijl-community/components-react';
import { useCallback, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { isProblem } from '../../api/problem';
import { fieldError, ProblemMessage } from '../../components/problem-message';
import { stepUp } from '../../session/session';

/** design.md §9: the API's answer when an action needs a recent second factor. */
export const needsStepUp = (error: unknown): boolean => isProblem(error) && error.status === 401 && error.code === 'STEP_UP_REQUIRED';

/**
 * For a page whose action may meet the step-up problem (breaking the glass, a CSV export, an access
 * log): `run(action)` runs it; on 401 step_up_required the prompt asks for a code, steps up, and runs
 * the action again. Other errors come back to the caller as they are. Render `prompt` in the page.
 */
export function useStepUp(): { run: <T>(action: () => Promise<T>) => Promise<T>; prompt: ReactNode } {
  const [pending, setPending] = useState<{ retry: () => void; cancel: () => void }>();
  const run = useCallback(
    <T,>(action: () => Promise<T>): Promise<T> =>
      new Promise<T>((resolve, reject) => {
        const attempt = (): void =>
          void action().then(resolve, (error: unknown) => {
            if (!needsStepUp(error)) return reject(error);
            setPending({
              retry: () => {
                setPending(undefined);
                attempt();
              },
              cancel: () => {
                setPending(undefined);
                reject(error);
              },
            });
          });
        attempt();
      }),
    [],
  );
  const prompt = pending ? <StepUpPrompt onDone={pending.retry} onCancel={pending.cancel} /> : null;
  return { run, prompt };
}

/** The prompt itself: one code field, in a labelled region that takes the focus when it opens. */
export function StepUpPrompt({ onDone, onCancel }: { onDone: () => void; onCancel: () => void }) {
  const intl = useIntl();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const region = useRef<HTMLElement>(null);
  const label = intl.formatMessage({ id: 'security.stepUp.code' });

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const code = String(new FormData(event.currentTarget).get('code') ?? '').replace(/\s/g, '');
    setBusy(true);
    setError(undefined);
    try {
      await stepUp(code);
      onDone();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section ref={region} aria-labelledby="step-up-title" className="or-step-up" data-testid="step-up">
      <Heading level={2} appearanceLevel={4} id="step-up-title">
        <FormattedMessage id="security.stepUp.title" />
      </Heading>
      <Paragraph>
        <FormattedMessage id="security.stepUp.intro" />
      </Paragraph>
      <ProblemMessage error={error} fieldLabels={{ code: label }} />
      <form onSubmit={(e) => void submit(e)} noValidate aria-label={intl.formatMessage({ id: 'security.stepUp.title' })}>
        <FormFieldTextInput
          label={label}
          name="code"
          autoComplete="one-time-code"
          inputMode="numeric"
          required
          autoFocus
          {...fieldError(error, 'code')}
        />
        <Button appearance="primary-action-button" type="submit" disabled={busy}>
          <FormattedMessage id="security.stepUp.submit" />
        </Button>
        <Button appearance="subtle-button" type="button" onClick={onCancel}>
          <FormattedMessage id="security.stepUp.cancel" />
        </Button>
      </form>
    </section>
  );
}
