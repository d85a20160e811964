import { TableCell } from '@rijkshuisstijl-community/components-react';
import type { ReactNode } from 'react';
import { FormattedMessage } from 'react-intl';

/**
 * A cell of an .or-stack-table (app.css): on a phone, where the rows stack, says its column's name before its value. The name is
 * for the eye only (aria-hidden): a screen reader has the column header.
 */
export function StackedCell({ label, children }: { label: string; children: ReactNode }) {
  return (
    <TableCell role="cell">
      <span className="or-stack-label" aria-hidden="true">
        <FormattedMessage id={label} />
      </span>
      <div className="or-stack-value">{children}</div>
    </TableCell>
  );
}
