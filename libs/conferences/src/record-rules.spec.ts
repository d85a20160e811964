import { missingRecordItems } from './record-rules';

describe("a conference record's family participation and child's view (design.md §7)", () => {
  const fields = (input: Parameters<typeof missingRecordItems>[0]) => missingRecordItems(input).map((p) => p.field);

  it.each([
    [{ mode: 'present' }, { mode: 'heard', summary: 'wants to stay with her mother' }, []],
    [undefined, undefined, ['familyParticipation', 'childView']],
    [{ mode: 'not_informed' }, { mode: 'heard', summary: 'x' }, ['familyParticipation.reason']],
    [{ mode: 'not_informed', reason: '  ' }, { mode: 'heard', summary: 'x' }, ['familyParticipation.reason']],
    [{ mode: 'not_informed', reason: 'risk of flight' }, { mode: 'heard', summary: 'x' }, []],
    [{ mode: 'informed_after' }, { mode: 'not_heard' }, ['childView.reason']],
    [{ mode: 'informed_after' }, { mode: 'not_heard', reason: 'too young (2 years)' }, []],
    [{ mode: 'heard_before' }, { mode: 'in_writing' }, ['childView.summary']],
    [{ mode: 'heard_before' }, { mode: 'through_representative', summary: 'through the guardian ad litem' }, []],
  ] as const)('family %j, child %j → missing %j', (familyParticipation, childView, expected) => {
    expect(fields({ familyParticipation, childView } as Parameters<typeof missingRecordItems>[0])).toEqual(expected);
  });
});
