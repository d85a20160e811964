import type { ReactNode } from 'react';

/**
 * A wide table scrolls sideways on a phone (390 px) instead of squeezing. The scrolling box is a
 * focusable, named region, so that keyboard users can scroll it too (WCAG 2.1.1).
 */
export function ScrollArea({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="or-scroll" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
