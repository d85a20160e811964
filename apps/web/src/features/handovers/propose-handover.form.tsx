import { Button, FormFieldSelect, FormFieldTextarea, Heading, SelectOption } from '@rijkshuisstijl-community/components-react';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, type FormEvent } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { api, unwrap } from '../../api/client';
import { fieldError, ProblemMessage } from '../../components/problem-message';
import { navigate } from '../../router';
import { userKeys } from '../common/users.queries';
import { ChecklistForm, checklistFrom, CHECKLIST_TEXT_ITEMS } from './checklist-form';
import { useProposeHandover } from './handover.queries';

/** Propose a warm transfer from the case file: receiver, reason and the checklist (design.md §2). */
export function ProposeHandoverForm({
  caseId,
  teamIds,
  autoFocus = false,
  onClose,
}: {
  caseId: string;
  teamIds: string[];
  autoFocus?: boolean;
  onClose?: () => void;
}) {
  const intl = useIntl();
  const heading = useRef<HTMLHeadingElement>(null);
  // Opened by a button: the focus moves to the form's heading, so a keyboard user is where they asked to be.
  useEffect(() => {
    if (autoFocus) heading.current?.focus();
  }, [autoFocus]);
  const propose = useProposeHandover(caseId);
  const directory = useQuery({
    queryKey: userKeys.directory,
    queryFn: () => unwrap(api.GET('/api/users', { params: { query: { limit: 200 } } })),
  });
  const receivers = (directory.data?.items ?? []).filter((u) => u.active && !teamIds.includes(u.id));
  const labels = Object.fromEntries(
    [...CHECKLIST_TEXT_ITEMS, 'familyInformed', 'familyNotInformedReason'].flatMap((name) => {
      const label = intl.formatMessage({ id: `checklist.${name}` });
      return [
        [name, label],
        [`checklist.${name}`, label],
      ];
    }),
  );

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const reason = String(form.get('reason') ?? '').trim();
    propose.mutate(
      { toUserId: String(form.get('toUserId') ?? ''), ...(reason ? { reason } : {}), checklist: checklistFrom(form) },
      { onSuccess: (handover) => navigate(`/handovers/${handover.id}`) },
    );
  };

  return (
    <section aria-labelledby="propose-heading">
      <Heading level={2} appearanceLevel={3} id="propose-heading" ref={heading} tabIndex={-1}>
        <FormattedMessage id="handover.propose.title" />
      </Heading>
      <ProblemMessage error={propose.error} fieldLabels={{ ...labels, toUserId: intl.formatMessage({ id: 'handover.to' }) }} />
      <form onSubmit={submit} className="or-form" noValidate aria-labelledby="propose-heading">
        <FormFieldSelect label={intl.formatMessage({ id: 'handover.to' })} name="toUserId" {...fieldError(propose.error, 'toUserId')}>
          <SelectOption value="">{intl.formatMessage({ id: 'handover.chooseReceiver' })}</SelectOption>
          {receivers.map((u) => (
            <SelectOption key={u.id} value={u.id}>
              {u.name}
            </SelectOption>
          ))}
        </FormFieldSelect>
        <FormFieldTextarea
          label={intl.formatMessage({ id: 'handover.reason' })}
          name="reason"
          rows={2}
          {...fieldError(propose.error, 'reason')}
        />
        <ChecklistForm error={propose.error} />
        <Button appearance="primary-action-button" type="submit" disabled={propose.isPending}>
          <FormattedMessage id="handover.propose.submit" />
        </Button>
        {onClose && (
          <Button appearance="subtle-button" type="button" onClick={onClose}>
            <FormattedMessage id="caseWork.cancel" />
          </Button>
        )}
      </form>
    </section>
  );
}
