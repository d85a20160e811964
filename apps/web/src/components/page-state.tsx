import { Paragraph } from '@rijkshuisstijl-community/components-react';
import type { ReactNode } from 'react';
import { FormattedMessage } from 'react-intl';
import { ProblemMessage } from './problem-message';

/** Loading, error and empty in one place, so every list says the same thing the same way. */
export function PageState<T>({
  query,
  empty,
  children,
}: {
  query: { isPending: boolean; error: unknown; data?: T };
  empty?: (data: T) => boolean;
  children: (data: T) => ReactNode;
}) {
  if (query.isPending)
    return (
      <Paragraph role="status">
        <FormattedMessage id="state.loading" />
      </Paragraph>
    );
  if (query.error) return <ProblemMessage error={query.error} />;
  const data = query.data as T;
  if (empty?.(data))
    return (
      <Paragraph>
        <FormattedMessage id="state.empty" />
      </Paragraph>
    );
  return <>{children(data)}</>;
}
