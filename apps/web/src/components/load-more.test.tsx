import { fireEvent, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { ProblemError } from '../api/problem';
import { renderWithIntl } from '../test-utils';
import { firstPage, LoadMore } from './load-more';

const query = (over: Partial<Parameters<typeof LoadMore>[0]['query']> = {}) => ({
  isPending: false,
  error: null as unknown,
  data: { pages: [{ items: [1] }] } as unknown,
  hasNextPage: true,
  isFetchingNextPage: false,
  isFetchNextPageError: false,
  fetchNextPage: vi.fn(async () => undefined),
  ...over,
});

describe('LoadMore', () => {
  it('asks for the next page while the API says there is one, named by its list', () => {
    const q = query();
    renderWithIntl(
      <>
        <h2 id="journal-heading">Journaal</h2>
        <LoadMore query={q} describedBy="journal-heading" />
      </>,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Meer laden', description: 'Journaal' }));
    expect(q.fetchNextPage).toHaveBeenCalledTimes(1);
  });

  it('is not there on the last page, nor before the first', () => {
    const { container, unmount } = renderWithIntl(<LoadMore query={query({ hasNextPage: false })} describedBy="x" />);
    expect(container.textContent).toBe('');
    unmount();
    expect(renderWithIntl(<LoadMore query={query({ data: undefined, isPending: true })} describedBy="x" />).container.textContent).toBe('');
  });

  it('shows a later page’s failure beside the button and keeps what was loaded (firstPage hides it from PageState)', () => {
    const error = new ProblemError(500, { requestId: 'req-7' });
    const q = query({ error, isFetchNextPageError: true });
    renderWithIntl(<LoadMore query={q} describedBy="x" />);
    expect(screen.getByRole('alert').textContent).toContain('req-7');
    expect(firstPage(q).error).toBeNull();
    expect(firstPage(query({ data: undefined, error })).error).toBe(error);
  });
});
