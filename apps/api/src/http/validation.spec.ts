import { DomainError } from '@oneroof/platform';
import { CloseCaseDto, UpdateCaseDto } from '../cases/cases.dto';
import { NewExaminationDto } from '../intake/intake.dto';
import { createValidationPipe } from './validation';

/** What a body gets back from the API's ValidationPipe as `errors: [{field, message}]`. */
async function problemsOf(metatype: new () => object, body: unknown): Promise<{ field: string; message: string }[]> {
  try {
    await createValidationPipe().transform(body, { type: 'body', metatype });
  } catch (error) {
    if (error instanceof DomainError) return error.extras.errors ?? [];
    throw error;
  }
  return [];
}

describe('validation messages (apps/api/src/http/validation.ts)', () => {
  it('a missing field "is required", once, instead of every rule its absence breaks', async () => {
    expect(await problemsOf(CloseCaseDto, {})).toEqual([{ field: 'reason', message: 'is required' }]);
    expect(await problemsOf(UpdateCaseDto, { urgency: 'acute' })).toEqual([{ field: 'version', message: 'is required' }]);
  });

  it('says so inside nested objects too, by the dotted path', async () => {
    const problems = await problemsOf(NewExaminationDto, {
      personId: '00000000-0000-4000-8000-000000000000',
      examinedAt: '2026-11-23T10:00:00Z',
      context: 'forensic',
      consent: { basis: 'informed consent' },
      conclusion: 'inconclusive',
    });
    expect(problems).toEqual([{ field: 'consent.givenBy', message: 'is required' }]);
    expect(
      await problemsOf(NewExaminationDto, { examinedAt: '2026-11-23T10:00:00Z', context: 'forensic', conclusion: 'inconclusive' }),
    ).toEqual([
      { field: 'personId', message: 'is required' },
      { field: 'consent', message: 'is required' },
    ]);
  });

  it('a field that is present but wrong keeps the messages of the rules it breaks', async () => {
    expect(await problemsOf(CloseCaseDto, { reason: 42 })).toEqual([
      { field: 'reason', message: 'reason must be shorter than or equal to 2000 characters' },
      { field: 'reason', message: 'reason must be longer than or equal to 1 characters' },
      { field: 'reason', message: 'reason must be a string' },
    ]);
    expect(await problemsOf(CloseCaseDto, { reason: null })).not.toContainEqual({ field: 'reason', message: 'is required' });
    expect(await problemsOf(CloseCaseDto, { reason: 'Unfounded', extra: 1 })).toEqual([
      { field: 'extra', message: 'extra is not a known field' },
    ]);
  });
});
