import { plainToInstance } from 'class-transformer';
import { maxLength, validateSync } from 'class-validator';
import { charCount, MaxChars } from './limits';

class Named {
  @MaxChars(200) name: string;
}
const errorsOf = (name: unknown) => validateSync(plainToInstance(Named, { name })).map((e) => e.constraints);

describe('MaxChars: lengths as Postgres length() counts them, in code points', () => {
  it('counts code points: a variation selector is one, an astral character is one', () => {
    expect(charCount('')).toBe(0);
    expect(charCount('Noël')).toBe(4);
    expect(charCount('a\ufe0f')).toBe(2);
    expect(charCount('😀')).toBe(1);
    expect(charCount('👍🏽')).toBe(2);
    expect(charCount('x'.repeat(1000), 10)).toBe(11);
  });

  it('refuses 150 × "a\\ufe0f" (300 code points) that class-validator MaxLength(200) lets through', () => {
    const name = 'a\ufe0f'.repeat(150);
    expect(maxLength(name, 200)).toBe(true);
    expect(errorsOf(name)).toEqual([{ maxChars: 'name must be shorter than or equal to 200 characters' }]);
  });

  it('takes exactly 200 code points, astral ones included', () => {
    expect(errorsOf('a\ufe0f'.repeat(100))).toEqual([]);
    expect(errorsOf('😀'.repeat(200))).toEqual([]);
    expect(errorsOf('😀'.repeat(201))).toEqual([{ maxChars: 'name must be shorter than or equal to 200 characters' }]);
  });

  it('refuses what is not a string', () => {
    expect(errorsOf(42)).toEqual([{ maxChars: 'name must be shorter than or equal to 200 characters' }]);
  });
});
