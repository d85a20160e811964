import {
  Alert,
  Button,
  FormFieldTextInput,
  Heading,
  OrderedList,
  OrderedListItem,
  Paragraph,
} from '@rijkshuisstijl-community/components-react';
import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { fieldError, ProblemMessage } from '../../components/problem-message';
import { QrCode } from './qr-code';
import { securityKeys, useConfirmEnrolment, useMe, useStartEnrolment } from './security.queries';

/**
 * design.md §9 enrolment: start (a secret and its otpauth:// URI as a QR code), confirm with the
 * first code, then the ten recovery codes, shown this once. `required`: the role needs it, and
 * nothing else works until it is done (the API answers 403 mfa_enrolment_required elsewhere).
 */
export function EnrolPage({ required = false }: { required?: boolean }) {
  const intl = useIntl();
  const client = useQueryClient();
  const me = useMe();
  const start = useStartEnrolment();
  const confirm = useConfirmEnrolment();
  const [saved, setSaved] = useState(false);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const code = String(new FormData(event.currentTarget).get('code') ?? '').replace(/\s/g, '');
    confirm.mutate(code);
  };
  const done = () => {
    setSaved(true);
    void client.invalidateQueries({ queryKey: securityKeys.me });
  };
  const codeLabel = intl.formatMessage({ id: 'security.enrol.code' });

  if (confirm.data && !saved) {
    return (
      <section aria-labelledby="recovery-title">
        <Heading level={1} id="recovery-title">
          <FormattedMessage id="security.recovery.title" />
        </Heading>
        <Alert type="warning">
          <Paragraph>
            <FormattedMessage id="security.recovery.once" />
          </Paragraph>
        </Alert>
        <OrderedList data-testid="recovery-codes" className="or-recovery-codes">
          {confirm.data.recoveryCodes.map((c) => (
            <OrderedListItem key={c}>
              <code>{c}</code>
            </OrderedListItem>
          ))}
        </OrderedList>
        <Button appearance="primary-action-button" onClick={done}>
          <FormattedMessage id="security.recovery.saved" />
        </Button>
      </section>
    );
  }

  const enrolled = saved || me.data?.mfaEnrolled === true;
  return (
    <section aria-labelledby="enrol-title">
      <Heading level={1} id="enrol-title">
        <FormattedMessage id="security.enrol.title" />
      </Heading>
      {required && !enrolled && (
        <Alert type="info">
          <Paragraph>
            <FormattedMessage id="security.enrol.required" />
          </Paragraph>
        </Alert>
      )}
      {enrolled ? (
        <Paragraph role="status" data-testid="mfa-enrolled">
          <FormattedMessage id="security.enrol.done" />
        </Paragraph>
      ) : !start.data ? (
        <>
          <Paragraph>
            <FormattedMessage id="security.enrol.intro" />
          </Paragraph>
          <ProblemMessage error={start.error} />
          <Button appearance="primary-action-button" onClick={() => start.mutate()} disabled={start.isPending}>
            <FormattedMessage id="security.enrol.start" />
          </Button>
        </>
      ) : (
        <>
          <OrderedList>
            <OrderedListItem>
              <FormattedMessage id="security.enrol.step1" />
            </OrderedListItem>
            <OrderedListItem>
              <FormattedMessage id="security.enrol.step2" />
            </OrderedListItem>
          </OrderedList>
          <QrCode value={start.data.otpauthUri} label={intl.formatMessage({ id: 'security.enrol.qr' })} />
          <Paragraph>
            <FormattedMessage id="security.enrol.secret" /> <code data-testid="totp-secret">{start.data.secret}</code>
          </Paragraph>
          <ProblemMessage error={confirm.error} fieldLabels={{ code: codeLabel }} />
          <form onSubmit={submit} noValidate aria-label={intl.formatMessage({ id: 'security.enrol.confirm' })}>
            <FormFieldTextInput
              label={codeLabel}
              name="code"
              autoComplete="one-time-code"
              inputMode="numeric"
              required
              {...fieldError(confirm.error, 'code')}
            />
            <Button appearance="primary-action-button" type="submit" disabled={confirm.isPending}>
              <FormattedMessage id="security.enrol.confirm" />
            </Button>
          </form>
        </>
      )}
    </section>
  );
}
