import { fireEvent, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ProblemError } from '../../api/problem';
import { renderWithIntl } from '../../test-utils';
import { FindingsFields, findingsFrom } from './findings-fields';

const formOf = () => new FormData(document.querySelector('form')!);

describe('FindingsFields', () => {
  it('starts with one finding, adds and removes rows, and keeps what was typed in the rows that stay', () => {
    renderWithIntl(
      <form>
        <FindingsFields error={undefined} />
      </form>,
    );
    expect(screen.getAllByTestId('finding')).toHaveLength(1);
    fireEvent.click(screen.getByRole('button', { name: 'Bevinding toevoegen' }));
    fireEvent.click(screen.getByRole('button', { name: 'Bevinding toevoegen' }));
    const kinds = screen.getAllByLabelText('Soort letsel') as HTMLInputElement[];
    expect(kinds).toHaveLength(3);
    fireEvent.change(kinds[0], { target: { value: 'hematoom' } });
    fireEvent.change(kinds[2], { target: { value: 'schaafwond' } });
    fireEvent.click(screen.getByRole('button', { name: 'Bevinding 2 weghalen' }));
    const left = (screen.getAllByLabelText('Soort letsel') as HTMLInputElement[]).map((el) => el.value);
    expect(left).toEqual(['hematoom', 'schaafwond']);
    // Names follow the position, as the API's field errors do.
    expect((screen.getAllByLabelText('Soort letsel') as HTMLInputElement[])[1].name).toBe('findings[1].kind');
  });

  it('findingsFrom gives the API’s shape: a body region per finding, the size as a number and only when given', () => {
    renderWithIntl(
      <form>
        <FindingsFields error={undefined} />
      </form>,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Bevinding toevoegen' }));
    const regions = screen.getAllByLabelText('Lichaamsdeel') as HTMLSelectElement[];
    fireEvent.change(regions[0], { target: { value: 'left_arm' } });
    fireEvent.change(regions[1], { target: { value: 'back' } });
    const [kind1, kind2] = screen.getAllByLabelText('Soort letsel') as HTMLInputElement[];
    fireEvent.change(kind1, { target: { value: 'hematoom' } });
    fireEvent.change(kind2, { target: { value: 'striemen' } });
    fireEvent.change((screen.getAllByLabelText('Grootte in millimeters (niet verplicht)') as HTMLInputElement[])[0], {
      target: { value: '35' },
    });
    expect(findingsFrom(formOf())).toEqual([
      { bodyRegion: 'left_arm', kind: 'hematoom', sizeMm: 35, description: '' },
      { bodyRegion: 'back', kind: 'striemen', description: '' },
    ]);
  });

  it('shows the API’s message beside the field of the row it names', () => {
    const error = new ProblemError(400, { errors: [{ field: 'findings[0].sizeMm', message: 'findings[0].sizeMm must be a number' }] });
    renderWithIntl(
      <form>
        <FindingsFields error={error} />
      </form>,
    );
    expect(screen.getByText('Vul een getal in.')).toBeTruthy();
    expect(screen.getByLabelText('Grootte in millimeters (niet verplicht)').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByLabelText('Soort letsel').getAttribute('aria-invalid')).not.toBe('true');
  });
});
