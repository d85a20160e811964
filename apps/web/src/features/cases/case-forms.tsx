import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Schemas } from '@oneroof/api-client';
import {
  Button,
  FormFieldSelect,
  FormFieldTextarea,
  FormFieldTextInput,
  Heading,
  Paragraph,
  SelectOption,
  VisuallyHidden,
} from '@rijkshuisstijl-community/components-react';
import { useState, type FormEvent } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { api, unwrap } from '../../api/client';
import { fieldError, ProblemMessage } from '../../components/problem-message';
import { useUserDirectory } from '../common/users.queries';
import { optional, text } from '../intake/form-values';
import { caseKeys } from './case.queries';

/**
 * The case file's own writes (design.md §4): a journal entry, a person, a team member. Each form
 * sends what was typed as it is and shows the API's answer: a refusal beside its field with the
 * typed text kept (the form is cleared only on success); the API decides who may write.
 */

const ENTRY_KINDS = ['note', 'contact', 'observation', 'decision'] as const;
export const FAMILY_ROLES = ['child', 'parent', 'step_parent', 'caregiver', 'sibling', 'partner', 'other_family', 'network'] as const;
export const INVOLVEMENTS = ['victim', 'alleged_perpetrator', 'witness', 'reporter', 'none'] as const;
const URGENCIES = ['acute', 'urgent', 'regular'] as const;
type Urgency = (typeof URGENCIES)[number];
type Person = Schemas['PersonResponse'];

/** What a changed case makes stale: the case itself (persons, team), its journal and its timeline. */
function useCaseWrite<B, R = unknown>(caseId: string, send: (body: B) => Promise<R>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: send,
    onSuccess: () => client.invalidateQueries({ queryKey: caseKeys.detail(caseId) }),
  });
}

export function NewEntryForm({ caseId }: { caseId: string }) {
  const intl = useIntl();
  const t = (id: string) => intl.formatMessage({ id });
  const write = useCaseWrite(caseId, (body: Schemas['NewEntryDto']) =>
    unwrap(api.POST('/api/cases/{id}/entries', { params: { path: { id: caseId } }, body })),
  );
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const element = event.currentTarget;
    const form = new FormData(element);
    write.mutate(
      {
        kind: text(form, 'kind') as Schemas['NewEntryDto']['kind'],
        visibility: text(form, 'visibility') as Schemas['NewEntryDto']['visibility'],
        body: text(form, 'body'),
      },
      { onSuccess: () => element.reset() },
    );
  };
  return (
    <form onSubmit={submit} className="or-form" noValidate aria-labelledby="new-entry-heading">
      <Heading level={3} appearanceLevel={4} id="new-entry-heading">
        <FormattedMessage id="entry.new" />
      </Heading>
      <ProblemMessage error={write.error} />
      <FormFieldSelect label={t('entry.kind')} name="kind" {...fieldError(write.error, 'kind')}>
        {ENTRY_KINDS.map((k) => (
          <SelectOption key={k} value={k}>
            {t(`entry.kind.${k}`)}
          </SelectOption>
        ))}
      </FormFieldSelect>
      <FormFieldSelect label={t('entry.visibility')} name="visibility" {...fieldError(write.error, 'visibility')}>
        <SelectOption value="team">{t('entry.visibility.team')}</SelectOption>
        <SelectOption value="discipline">{t('entry.visibility.discipline')}</SelectOption>
      </FormFieldSelect>
      <FormFieldTextarea label={t('entry.body')} name="body" rows={4} {...fieldError(write.error, 'body')} />
      <Button appearance="primary-action-button" type="submit" disabled={write.isPending}>
        <FormattedMessage id="entry.submit" />
      </Button>
    </form>
  );
}

/** The fields of one person, shared by the new-case page and the case file's "add a person". */
export function PersonFields({ error, prefix = '', defaults }: { error: unknown; prefix?: string; defaults?: Person }) {
  const intl = useIntl();
  const t = (id: string) => intl.formatMessage({ id });
  const name = (field: string) => `${prefix}${field}`;
  return (
    <>
      <FormFieldTextInput
        label={t('person.firstName')}
        name={name('firstName')}
        defaultValue={defaults?.firstName}
        {...fieldError(error, name('firstName'))}
      />
      <FormFieldTextInput
        label={t('person.lastName')}
        name={name('lastName')}
        defaultValue={defaults?.lastName}
        {...fieldError(error, name('lastName'))}
      />
      <FormFieldTextInput
        label={t('person.dateOfBirth.optional')}
        name={name('dateOfBirth')}
        type="date"
        defaultValue={defaults?.dateOfBirth ?? undefined}
        {...fieldError(error, name('dateOfBirth'))}
      />
      <FormFieldSelect
        label={t('person.familyRole')}
        name={name('familyRole')}
        defaultValue={defaults?.familyRole}
        {...fieldError(error, name('familyRole'))}
      >
        {FAMILY_ROLES.map((r) => (
          <SelectOption key={r} value={r}>
            {t(`person.role.${r}`)}
          </SelectOption>
        ))}
      </FormFieldSelect>
      <FormFieldSelect
        label={t('person.involvement')}
        name={name('involvement')}
        defaultValue={defaults?.involvement}
        {...fieldError(error, name('involvement'))}
      >
        {INVOLVEMENTS.map((i) => (
          <SelectOption key={i} value={i}>
            {t(`person.involvement.${i}`)}
          </SelectOption>
        ))}
      </FormFieldSelect>
    </>
  );
}

/** The API's shape of one person from the fields above (an empty date of birth is left out). */
export function personFrom(form: FormData, prefix = ''): Schemas['PersonInputDto'] {
  const dateOfBirth = optional(form, `${prefix}dateOfBirth`);
  return {
    firstName: text(form, `${prefix}firstName`),
    lastName: text(form, `${prefix}lastName`),
    familyRole: text(form, `${prefix}familyRole`) as Schemas['PersonInputDto']['familyRole'],
    involvement: text(form, `${prefix}involvement`) as Schemas['PersonInputDto']['involvement'],
    ...(dateOfBirth ? { dateOfBirth } : {}),
  };
}

export function AddPersonForm({ caseId }: { caseId: string }) {
  const [open, setOpen] = useState(false);
  const add = useCaseWrite(caseId, (body: Schemas['PersonInputDto']) =>
    unwrap(api.POST('/api/cases/{id}/persons', { params: { path: { id: caseId } }, body })),
  );
  if (!open)
    return (
      <Button appearance="secondary-action-button" onClick={() => setOpen(true)}>
        <FormattedMessage id="person.add" />
      </Button>
    );
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const element = event.currentTarget;
    // Saved: the form closes and the person stands in the diagram and the table above it.
    add.mutate(personFrom(new FormData(element)), { onSuccess: () => setOpen(false) });
  };
  return (
    <form onSubmit={submit} className="or-form" noValidate aria-labelledby="add-person-heading">
      <Heading level={3} appearanceLevel={4} id="add-person-heading">
        <FormattedMessage id="person.add" />
      </Heading>
      <ProblemMessage error={add.error} />
      <PersonFields error={add.error} />
      <div className="or-actions">
        <Button appearance="primary-action-button" type="submit" disabled={add.isPending}>
          <FormattedMessage id="person.add.submit" />
        </Button>
        <Button appearance="subtle-button" type="button" onClick={() => setOpen(false)}>
          <FormattedMessage id="caseWork.cancel" />
        </Button>
      </div>
    </form>
  );
}

/**
 * design.md §4 PATCH /api/cases/:id/persons/:personId: a person's details corrected, with the
 * version read, so that a colleague's change in between is a 409 said in words (VERSION_CONFLICT),
 * not overwritten. An emptied date of birth clears it. Saved, the form closes (`onDone`).
 */
export function EditPersonForm({ caseId, person, onDone }: { caseId: string; person: Person; onDone: () => void }) {
  const edit = useCaseWrite(caseId, (body: Schemas['UpdatePersonDto']) =>
    unwrap(api.PATCH('/api/cases/{id}/persons/{personId}', { params: { path: { id: caseId, personId: person.id } }, body })),
  );
  const headingId = `edit-person-${person.id}`;
  // The version the form was opened on, not the one of the last refetch: the fields keep what the
  // user saw, so a colleague's change since then must come back as a 409, not be written over.
  const [versionRead] = useState(person.version);
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const { dateOfBirth, ...rest } = personFrom(new FormData(event.currentTarget));
    edit.mutate({ version: versionRead, ...rest, dateOfBirth: dateOfBirth ?? null }, { onSuccess: onDone });
  };
  return (
    <form onSubmit={submit} className="or-form" noValidate aria-labelledby={headingId}>
      <Heading level={3} appearanceLevel={4} id={headingId}>
        <FormattedMessage id="person.edit.title" values={{ name: `${person.firstName} ${person.lastName}` }} />
      </Heading>
      <ProblemMessage error={edit.error} />
      <PersonFields error={edit.error} defaults={person} />
      <div className="or-actions">
        <Button appearance="primary-action-button" type="submit" disabled={edit.isPending}>
          <FormattedMessage id="person.edit.submit" />
        </Button>
        <Button appearance="subtle-button" type="button" onClick={onDone}>
          <FormattedMessage id="caseWork.cancel" />
        </Button>
      </div>
    </form>
  );
}

/**
 * design.md §4 PATCH /api/cases/:id: the urgency changed (a case turns acute, or calms down), with
 * the version read; the API decides who may, and a colleague's change in between is a 409 in words.
 */
export function UrgencyForm({ caseId, urgency, version }: { caseId: string; urgency: Urgency; version: number }) {
  const intl = useIntl();
  // Closed, it is one button beside the header, which already shows the urgency.
  const [open, setOpen] = useState(false);
  // The version the form was opened on (see EditPersonForm).
  const [versionRead, setVersionRead] = useState(version);
  const change = useCaseWrite(caseId, (body: Schemas['UpdateCaseDto']) =>
    unwrap(api.PATCH('/api/cases/{id}', { params: { path: { id: caseId } }, body })),
  );
  const saved = change.data && !open && (
    <Paragraph role="status">
      <FormattedMessage
        id="case.urgency.saved"
        values={{ urgency: intl.formatMessage({ id: `case.urgency.${change.data.urgency}` }).toLowerCase() }}
      />
    </Paragraph>
  );
  if (!open)
    return (
      <div className="or-form">
        <Button
          appearance="secondary-action-button"
          onClick={() => {
            change.reset();
            setVersionRead(version);
            setOpen(true);
          }}
        >
          <FormattedMessage id="case.urgency.change" />
        </Button>
        {saved}
      </div>
    );
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    change.mutate(
      { version: versionRead, urgency: text(new FormData(event.currentTarget), 'urgency') as Urgency },
      { onSuccess: () => setOpen(false) },
    );
  };
  return (
    <form onSubmit={submit} className="or-form" noValidate aria-labelledby="urgency-heading">
      <Heading level={2} appearanceLevel={4} id="urgency-heading">
        <FormattedMessage id="case.urgency.change" />
      </Heading>
      <ProblemMessage error={change.error} />
      <FormFieldSelect
        label={intl.formatMessage({ id: 'case.urgency' })}
        name="urgency"
        defaultValue={urgency}
        {...fieldError(change.error, 'urgency')}
      >
        {URGENCIES.map((u) => (
          <SelectOption key={u} value={u}>
            {intl.formatMessage({ id: `case.urgency.${u}` })}
          </SelectOption>
        ))}
      </FormFieldSelect>
      <div className="or-actions">
        <Button appearance="primary-action-button" type="submit" disabled={change.isPending}>
          <FormattedMessage id="case.urgency.submit" />
        </Button>
        <Button appearance="subtle-button" type="button" onClick={() => setOpen(false)}>
          <FormattedMessage id="caseWork.cancel" />
        </Button>
      </div>
    </form>
  );
}

/** A colleague into the team: the active users of the directory who are not in it yet. */
export function AddTeamMemberForm({ caseId, teamIds }: { caseId: string; teamIds: string[] }) {
  const intl = useIntl();
  const directory = useUserDirectory();
  const add = useCaseWrite(caseId, (body: Schemas['AddTeamMemberDto']) =>
    unwrap(api.POST('/api/cases/{id}/team', { params: { path: { id: caseId } }, body })),
  );
  const candidates = (directory.data?.items ?? []).filter((u) => u.active !== false && !teamIds.includes(u.id));
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    add.mutate({ userId: text(new FormData(event.currentTarget), 'userId') });
  };
  return (
    <form onSubmit={submit} className="or-form" noValidate aria-labelledby="add-member-heading">
      <Heading level={3} appearanceLevel={4} id="add-member-heading">
        <FormattedMessage id="team.add" />
      </Heading>
      <ProblemMessage error={add.error} />
      <FormFieldSelect label={intl.formatMessage({ id: 'team.add.who' })} name="userId" {...fieldError(add.error, 'userId')}>
        <SelectOption value="">{intl.formatMessage({ id: 'team.add.choose' })}</SelectOption>
        {candidates.map((u) => (
          <SelectOption key={u.id} value={u.id}>
            {u.name}
          </SelectOption>
        ))}
      </FormFieldSelect>
      <Button appearance="secondary-action-button" type="submit" disabled={add.isPending}>
        <FormattedMessage id="team.add.submit" />
      </Button>
    </form>
  );
}

/**
 * design.md §4 DELETE /api/cases/:id/team/:userId: the lead takes a colleague off the team, after a
 * second press that names who and what it means (they lose the case at once). The API decides; a
 * refusal (LEAD_CANNOT_LEAVE, a closed case) is shown in words beside the button.
 */
export function RemoveTeamMemberButton({ caseId, userId, name }: { caseId: string; userId: string; name: string }) {
  const [confirming, setConfirming] = useState(false);
  const remove = useCaseWrite(caseId, () =>
    unwrap(api.DELETE('/api/cases/{id}/team/{userId}', { params: { path: { id: caseId, userId } } })),
  );
  if (!confirming)
    return (
      <Button appearance="subtle-button" onClick={() => setConfirming(true)}>
        {/* The row shows the name already; a screen reader hears it with the button. */}
        <FormattedMessage id="team.remove" values={{ name: <VisuallyHidden>{name}</VisuallyHidden> }} />
      </Button>
    );
  return (
    <div role="group" aria-labelledby={`remove-${userId}`}>
      <Paragraph id={`remove-${userId}`}>
        <FormattedMessage id="team.remove.confirm" values={{ name }} />
      </Paragraph>
      <ProblemMessage error={remove.error} />
      <div className="or-actions">
        <Button appearance="primary-action-button" onClick={() => remove.mutate(undefined)} disabled={remove.isPending}>
          <FormattedMessage id="team.remove.yes" values={{ name }} />
        </Button>
        <Button appearance="subtle-button" onClick={() => setConfirming(false)}>
          <FormattedMessage id="caseWork.cancel" />
        </Button>
      </div>
    </div>
  );
}

/**
 * design.md §2 and §4: the lead closes the case with a reason. The API refuses while a handover is
 * open (409 HANDOVER_OPEN, said in the page's words); a closed case stays readable, shown as closed.
 */
export function CloseCaseForm({ caseId, team }: { caseId: string; team: { userId: string; name: string }[] }) {
  const intl = useIntl();
  const [open, setOpen] = useState(false);
  const close = useCaseWrite(caseId, (body: Schemas['CloseCaseDto']) =>
    unwrap(api.POST('/api/cases/{id}/close', { params: { path: { id: caseId } }, body })),
  );
  if (!open)
    return (
      <Button appearance="secondary-action-button" onClick={() => setOpen(true)}>
        <FormattedMessage id="case.close" />
      </Button>
    );
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    // §8: aftercare is optional; chosen, the API plans the 6, 12 and 18 month checks for that colleague.
    const assigneeId = optional(form, 'aftercareAssigneeId');
    close.mutate({ reason: text(form, 'reason'), ...(assigneeId ? { aftercare: { assigneeId } } : {}) });
  };
  return (
    <form onSubmit={submit} className="or-form" noValidate aria-labelledby="close-case-heading">
      <Heading level={3} appearanceLevel={4} id="close-case-heading">
        <FormattedMessage id="case.close" />
      </Heading>
      <ProblemMessage error={close.error} />
      <FormFieldTextarea
        label={intl.formatMessage({ id: 'case.close.reason' })}
        description={intl.formatMessage({ id: 'case.close.reason.hint' })}
        name="reason"
        rows={3}
        {...fieldError(close.error, 'reason')}
      />
      <FormFieldSelect
        label={intl.formatMessage({ id: 'case.close.aftercare' })}
        description={intl.formatMessage({ id: 'case.close.aftercare.hint' })}
        name="aftercareAssigneeId"
        defaultValue=""
        {...fieldError(close.error, 'aftercare.assigneeId')}
      >
        <SelectOption value="">{intl.formatMessage({ id: 'case.close.aftercare.none' })}</SelectOption>
        {team.map((m) => (
          <SelectOption key={m.userId} value={m.userId}>
            {m.name}
          </SelectOption>
        ))}
      </FormFieldSelect>
      <div className="or-actions">
        <Button appearance="primary-action-button" type="submit" disabled={close.isPending}>
          <FormattedMessage id="case.close.submit" />
        </Button>
        <Button appearance="subtle-button" type="button" onClick={() => setOpen(false)}>
          <FormattedMessage id="caseWork.cancel" />
        </Button>
      </div>
    </form>
  );
}
