import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { Schemas } from '@oneroof/api-client';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { IntlProvider } from 'react-intl';
import { describe, expect, it, vi } from 'vitest';
import { api } from '../../api/client';
import { messages, TIME_ZONE } from '../../i18n/i18n';
import { EditPersonForm } from './case-forms';

const CASE = '00000000-0000-4000-8000-00000000000c';
const person = (version: number, lastName: string) =>
  ({
    id: '00000000-0000-4000-8000-00000000000e',
    firstName: 'Eva',
    lastName,
    dateOfBirth: '1988-03-14',
    familyRole: 'parent',
    involvement: 'witness',
    version,
  }) as unknown as Schemas['PersonResponse'];

describe('EditPersonForm', () => {
  it('sends the version it was opened on, not that of a refetch while it stood open, so a colleague’s change is a 409, not overwritten', async () => {
    const sent: unknown[] = [];
    const patch = vi.spyOn(api, 'PATCH').mockImplementation((async (_path: string, init: { body: unknown }) => {
      sent.push(init.body);
      return { data: {}, response: new Response('{}', { status: 200 }) };
    }) as never);
    const client = new QueryClient({ defaultOptions: { queries: { retry: false, enabled: false } } });
    // As on the page: the same form, given the refetched person as a new prop (rerender keeps it mounted).
    const view = (p: Schemas['PersonResponse']) => (
      <IntlProvider locale="nl-NL" messages={messages.nl} timeZone={TIME_ZONE}>
        <QueryClientProvider client={client}>
          <EditPersonForm caseId={CASE} person={p} onDone={() => undefined} />
        </QueryClientProvider>
      </IntlProvider>
    );
    const { rerender, container } = render(view(person(3, 'Visser')));
    // A refetch brings a colleague's correction (version 4) while the form stands open.
    rerender(view(person(4, 'de Visser')));
    fireEvent.submit(container.querySelector('form')!);
    await waitFor(() => expect(sent).toHaveLength(1));
    expect(sent[0]).toMatchObject({ version: 3 });
    expect(screen.getByRole('heading', { level: 3 })).toBeTruthy();
    patch.mockRestore();
  });
});
