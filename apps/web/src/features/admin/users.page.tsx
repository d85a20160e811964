import {
  Button,
  FormFieldCheckboxOption,
  FormFieldSelect,
  FormFieldTextInput,
  Heading,
  Paragraph,
  SelectOption,
  Table,
  TableBody,
  TableHeader,
  TableHeaderCell,
  TableRow,
  VisuallyHidden,
} from '@rijkshuisstijl-community/components-react';
import { useRef, useState, type FormEvent } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { PageState } from '../../components/page-state';
import { fieldError, ProblemMessage } from '../../components/problem-message';
import { ScrollArea } from '../../components/scroll-area';
import { StackedCell } from '../../components/stacked-cell';
import {
  useCreateUser,
  useEndUserSessions,
  useOrganisations,
  useResetSecondFactor,
  useUpdateUser,
  useUsers,
  type AdminUser,
} from './admin.queries';

const DISCIPLINES = ['police', 'forensic_medicine', 'social_work', 'youth_care', 'mental_health', 'child_protection'] as const;
const ROLES = ['professional', 'coordinator', 'analyst', 'admin'] as const;

/** design.md §2, §9 and §10: accounts. An admin adds one, deactivates or reactivates it, and ends its sessions. */
export function UsersPage() {
  const intl = useIntl();
  const users = useUsers();
  const organisations = useOrganisations();
  const [discipline, setDiscipline] = useState('');
  const orgName = new Map((organisations.data?.items ?? []).map((o) => [o.id, o.name]));
  return (
    <article>
      <Heading level={1}>
        <FormattedMessage id="admin.users.title" />
      </Heading>
      <FormFieldSelect
        label={intl.formatMessage({ id: 'admin.users.filterDiscipline' })}
        name="discipline"
        value={discipline}
        onChange={(event) => setDiscipline(event.currentTarget.value)}
      >
        <SelectOption value="">{intl.formatMessage({ id: 'admin.all' })}</SelectOption>
        {DISCIPLINES.map((d) => (
          <SelectOption key={d} value={d}>
            {intl.formatMessage({ id: `admin.discipline.${d}` })}
          </SelectOption>
        ))}
      </FormFieldSelect>
      <PageState query={users} empty={(d) => d.items.length === 0}>
        {(page) => (
          // design.md §10, usable at 390 px: a list of stacked rows on a phone (app.css .or-stack-table),
          // a table from 48rem on. The explicit roles keep it a table for screen readers either way,
          // since a row shown as a block loses its table semantics in Chromium.
          <ScrollArea label={intl.formatMessage({ id: 'admin.users.title' })}>
            <Table data-testid="users" className="or-stack-table" role="table">
              <TableHeader role="rowgroup">
                <TableRow role="row">
                  <TableHeaderCell scope="col" role="columnheader">
                    <FormattedMessage id="admin.users.name" />
                  </TableHeaderCell>
                  <TableHeaderCell scope="col" role="columnheader">
                    <FormattedMessage id="admin.users.discipline" />
                  </TableHeaderCell>
                  <TableHeaderCell scope="col" role="columnheader">
                    <FormattedMessage id="admin.users.roles" />
                  </TableHeaderCell>
                  <TableHeaderCell scope="col" role="columnheader">
                    <FormattedMessage id="admin.users.organisation" />
                  </TableHeaderCell>
                  <TableHeaderCell scope="col" role="columnheader">
                    <FormattedMessage id="admin.users.active" />
                  </TableHeaderCell>
                  <TableHeaderCell scope="col" role="columnheader">
                    <FormattedMessage id="admin.users.actions" />
                  </TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody role="rowgroup">
                {page.items
                  .filter((u) => discipline === '' || u.discipline === discipline)
                  .map((u) => (
                    <UserRow key={u.id} user={u} organisation={orgName.get(u.organisationId) ?? '—'} />
                  ))}
              </TableBody>
            </Table>
          </ScrollArea>
        )}
      </PageState>
      <NewUserForm />
    </article>
  );
}

function UserRow({ user, organisation }: { user: AdminUser; organisation: string }) {
  const intl = useIntl();
  const update = useUpdateUser(user.id);
  const endSessions = useEndUserSessions(user.id);
  const resetMfa = useResetSecondFactor(user.id);
  const [confirming, setConfirming] = useState(false);
  // The reset takes a second press too: after it, the user signs in with the password alone until
  // they set up a new second factor (the API does not say who has one, so every row offers it).
  const [confirmingReset, setConfirmingReset] = useState(false);
  const [said, setSaid] = useState<string | null>(null);
  const deactivate = () =>
    update.mutate(
      { active: false },
      {
        onSuccess: () => {
          setConfirming(false);
          setSaid(intl.formatMessage({ id: 'admin.users.deactivated' }, { name: user.name }));
        },
      },
    );
  const reactivate = () =>
    update.mutate(
      { active: true },
      { onSuccess: () => setSaid(intl.formatMessage({ id: 'admin.users.reactivated' }, { name: user.name })) },
    );
  const end = () =>
    endSessions.mutate(undefined, {
      onSuccess: (answer) => setSaid(intl.formatMessage({ id: 'admin.users.sessionsEnded' }, { name: user.name, count: answer.ended })),
    });
  const reset = () =>
    resetMfa.mutate(undefined, {
      onSuccess: () => {
        setConfirmingReset(false);
        setSaid(intl.formatMessage({ id: 'admin.users.mfaReset' }, { name: user.name }));
      },
    });
  return (
    <TableRow data-user={user.email} role="row">
      <StackedCell label="admin.users.name">
        {user.name}
        <br />
        <span className="or-hint">{user.email}</span>
      </StackedCell>
      <StackedCell label="admin.users.discipline">
        <FormattedMessage id={`admin.discipline.${user.discipline}`} />
      </StackedCell>
      <StackedCell label="admin.users.roles">{user.roles.map((r) => intl.formatMessage({ id: `admin.role.${r}` })).join(', ')}</StackedCell>
      <StackedCell label="admin.users.organisation">{organisation}</StackedCell>
      <StackedCell label="admin.users.active">
        <FormattedMessage id={user.active ? 'admin.users.isActive' : 'admin.users.isInactive'} />
      </StackedCell>
      <StackedCell label="admin.users.actions">
        <div className="or-actions">
          {user.active && !confirming && (
            <Button appearance="secondary-action-button" onClick={() => setConfirming(true)}>
              <FormattedMessage id="admin.users.deactivate" values={{ name: <VisuallyHidden>{user.name}</VisuallyHidden> }} />
            </Button>
          )}
          {user.active && confirming && (
            <>
              <Paragraph>
                <FormattedMessage id="admin.users.confirm" values={{ name: user.name }} />
              </Paragraph>
              <Button appearance="primary-action-button" onClick={deactivate} disabled={update.isPending}>
                <FormattedMessage id="admin.users.confirmYes" />
              </Button>
              <Button appearance="subtle-button" onClick={() => setConfirming(false)}>
                <FormattedMessage id="admin.cancel" />
              </Button>
            </>
          )}
          {!user.active && (
            <Button appearance="secondary-action-button" onClick={reactivate} disabled={update.isPending}>
              <FormattedMessage id="admin.users.reactivate" values={{ name: <VisuallyHidden>{user.name}</VisuallyHidden> }} />
            </Button>
          )}
          <Button appearance="subtle-button" onClick={end} disabled={endSessions.isPending}>
            <FormattedMessage id="admin.users.endSessions" values={{ name: <VisuallyHidden>{user.name}</VisuallyHidden> }} />
          </Button>
          {!confirmingReset && (
            <Button appearance="subtle-button" onClick={() => setConfirmingReset(true)}>
              <FormattedMessage id="admin.users.mfaResetAsk" values={{ name: <VisuallyHidden>{user.name}</VisuallyHidden> }} />
            </Button>
          )}
        </div>
        {confirmingReset && (
          <div className="or-actions">
            <Paragraph>
              <FormattedMessage id="admin.users.mfaResetConfirm" values={{ name: user.name }} />
            </Paragraph>
            <Button appearance="primary-action-button" onClick={reset} disabled={resetMfa.isPending}>
              <FormattedMessage id="admin.users.mfaResetYes" values={{ name: <VisuallyHidden>{user.name}</VisuallyHidden> }} />
            </Button>
            <Button appearance="subtle-button" onClick={() => setConfirmingReset(false)}>
              <FormattedMessage id="admin.cancel" />
            </Button>
          </div>
        )}
        <ProblemMessage error={update.error ?? endSessions.error ?? resetMfa.error} />
        {said && (
          <Paragraph role="status" className="or-hint">
            {said}
          </Paragraph>
        )}
      </StackedCell>
    </TableRow>
  );
}

function NewUserForm() {
  const intl = useIntl();
  const create = useCreateUser();
  const organisations = useOrganisations();
  const form = useRef<HTMLFormElement>(null);
  const labels: Record<string, string> = {
    email: intl.formatMessage({ id: 'admin.users.email' }),
    name: intl.formatMessage({ id: 'admin.users.name' }),
    password: intl.formatMessage({ id: 'admin.users.password' }),
    discipline: intl.formatMessage({ id: 'admin.users.discipline' }),
    roles: intl.formatMessage({ id: 'admin.users.roles' }),
    organisationId: intl.formatMessage({ id: 'admin.users.organisation' }),
  };
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const roles = data.getAll('roles').map(String) as AdminUser['roles'];
    create.mutate(
      {
        email: String(data.get('email') ?? ''),
        name: String(data.get('name') ?? ''),
        password: String(data.get('password') ?? ''),
        discipline: String(data.get('discipline') ?? '') as AdminUser['discipline'],
        organisationId: String(data.get('organisationId') ?? ''),
        ...(roles.length > 0 ? { roles } : {}),
      },
      { onSuccess: () => form.current?.reset() },
    );
  };
  return (
    <section aria-labelledby="new-user-heading">
      <Heading level={2} appearanceLevel={3} id="new-user-heading">
        <FormattedMessage id="admin.users.new" />
      </Heading>
      <ProblemMessage error={create.error} fieldLabels={labels} />
      {create.isSuccess && (
        <Paragraph role="status">
          <FormattedMessage id="admin.users.created" values={{ name: create.data.name }} />
        </Paragraph>
      )}
      <form ref={form} onSubmit={submit} className="or-form" noValidate aria-labelledby="new-user-heading">
        <FormFieldTextInput label={labels.name} name="name" autoComplete="off" {...fieldError(create.error, 'name')} />
        <FormFieldTextInput label={labels.email} name="email" type="email" autoComplete="off" {...fieldError(create.error, 'email')} />
        <FormFieldTextInput
          label={labels.password}
          description={intl.formatMessage({ id: 'admin.users.passwordHint' })}
          name="password"
          type="password"
          autoComplete="new-password"
          {...fieldError(create.error, 'password')}
        />
        <FormFieldSelect label={labels.discipline} name="discipline" defaultValue="" {...fieldError(create.error, 'discipline')}>
          <SelectOption value="">{intl.formatMessage({ id: 'admin.choose' })}</SelectOption>
          {DISCIPLINES.map((d) => (
            <SelectOption key={d} value={d}>
              {intl.formatMessage({ id: `admin.discipline.${d}` })}
            </SelectOption>
          ))}
        </FormFieldSelect>
        <FormFieldSelect
          label={labels.organisationId}
          name="organisationId"
          defaultValue=""
          {...fieldError(create.error, 'organisationId')}
        >
          <SelectOption value="">{intl.formatMessage({ id: 'admin.choose' })}</SelectOption>
          {(organisations.data?.items ?? []).map((o) => (
            <SelectOption key={o.id} value={o.id}>
              {o.name}
            </SelectOption>
          ))}
        </FormFieldSelect>
        <fieldset className="or-fieldset">
          <legend>{labels.roles}</legend>
          {ROLES.map((r) => (
            <FormFieldCheckboxOption
              key={r}
              label={intl.formatMessage({ id: `admin.role.${r}` })}
              name="roles"
              value={r}
              defaultChecked={r === 'professional'}
            />
          ))}
        </fieldset>
        <div>
          <Button appearance="primary-action-button" type="submit" disabled={create.isPending}>
            <FormattedMessage id="admin.users.submit" />
          </Button>
        </div>
      </form>
    </section>
  );
}
