import { match } from '../../router';

/** Whether a path is one of the conference pages; kept apart from the pages so the route table needs no page code. */
export const isConferencePath = (path: string): boolean =>
  path === '/review-roster' || match('/conferences/:id', path) !== null || match('/cases/:id/safety-plan', path) !== null;
