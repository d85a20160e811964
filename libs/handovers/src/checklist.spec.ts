import { completeChecklist, missingChecklistItems } from './checklist';

const full = {
  safetySituation: 'Mother and children at grandmother’s address',
  risks: 'Father has a key',
  safetyAgreements: 'No contact without supervision',
  openActions: 'School talk on Thursday',
  involvedProfessionals: 'GP, school mentor',
  expectations: 'Weekly home visits',
  familyInformed: true,
};

describe('handover checklist (design.md §2)', () => {
  it('names every missing item at once, in order', () => {
    expect(missingChecklistItems(undefined)).toEqual([
      'safetySituation',
      'risks',
      'safetyAgreements',
      'openActions',
      'involvedProfessionals',
      'expectations',
      'familyInformed',
    ]);
    expect(missingChecklistItems({})).toHaveLength(7);
  });

  it('is complete with every item and familyInformed: true', () => {
    expect(missingChecklistItems(full)).toEqual([]);
  });

  it('takes a reason instead of familyInformed: true, but not an empty one', () => {
    expect(
      missingChecklistItems({ ...full, familyInformed: false, familyNotInformedReason: 'Informing them now would endanger the child' }),
    ).toEqual([]);
    expect(missingChecklistItems({ ...full, familyInformed: false })).toEqual(['familyInformed']);
    expect(missingChecklistItems({ ...full, familyInformed: undefined, familyNotInformedReason: '   ' })).toEqual(['familyInformed']);
  });

  it('counts blank and null texts as missing', () => {
    expect(missingChecklistItems({ ...full, risks: '  ', openActions: null, expectations: '' })).toEqual([
      'risks',
      'openActions',
      'expectations',
    ]);
  });

  it('stores trimmed texts and drops the not-informed reason once the family is informed', () => {
    expect(completeChecklist({ ...full, risks: '  Father has a key ', familyNotInformedReason: 'stale' })).toEqual({
      ...full,
      risks: 'Father has a key',
      familyNotInformedReason: null,
    });
  });
});
