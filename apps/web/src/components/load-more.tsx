import { Button } from '@rijkshuisstijl-community/components-react';
import { FormattedMessage } from 'react-intl';
import { ProblemMessage } from './problem-message';

/** What LoadMore needs of TanStack Query's useInfiniteQuery. */
interface PagedQuery<T> {
  isPending: boolean;
  error: unknown;
  data?: T;
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  isFetchNextPageError: boolean;
  fetchNextPage: () => Promise<unknown>;
}

/**
 * The paged query as PageState reads it: loading, or the first page's error. A later page that
 * fails is shown by LoadMore beside its button, and what was loaded stays on the page.
 */
export const firstPage = <T,>(query: PagedQuery<T>) => ({
  isPending: query.isPending,
  error: query.data === undefined ? query.error : null,
  data: query.data,
});

/**
 * "Meer laden" under a list the API pages with cursors, while it says there is more. Named by the
 * list's heading (`describedBy`), so that two of them on one page can be told apart.
 */
export function LoadMore<T>({ query, describedBy }: { query: PagedQuery<T>; describedBy: string }) {
  if (query.data === undefined) return null;
  return (
    <>
      {query.isFetchNextPageError && <ProblemMessage error={query.error} />}
      {query.hasNextPage && (
        <Button
          appearance="secondary-action-button"
          onClick={() => void query.fetchNextPage()}
          disabled={query.isFetchingNextPage}
          aria-describedby={describedBy}
        >
          <FormattedMessage id={query.isFetchingNextPage ? 'list.loadingMore' : 'list.more'} />
        </Button>
      )}
    </>
  );
}
