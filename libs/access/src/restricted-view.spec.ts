import type { Actor } from '@oneroof/identity';
import { fullViewDiscipline, NO_FULL_VIEW } from './restricted-view';

const police: Actor = { id: 'u1', discipline: 'police', roles: ['professional'], organisationId: 'o1' };

describe('fullViewDiscipline: whose restricted records a reader sees in full', () => {
  it.each([
    ['team_member', 'police'],
    ['prospective_receiver', 'police'],
    ['emergency_access', NO_FULL_VIEW],
    ['coordinator_oversight', NO_FULL_VIEW],
    ['administration', NO_FULL_VIEW],
  ] as const)('%s reads as %j', (purpose, expected) => {
    expect(fullViewDiscipline({ purpose, actor: police })).toBe(expected);
  });
});
