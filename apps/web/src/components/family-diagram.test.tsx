import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderWithIntl } from '../test-utils';
import { FamilyDiagram } from './family-diagram';
import type { DiagramPerson } from './family-layout';

const family: DiagramPerson[] = [
  { id: 'c1', name: 'Mila Jansen', familyRole: 'child', involvement: 'victim' },
  { id: 'c2', name: 'Daan Jansen', familyRole: 'sibling', involvement: 'witness' },
  { id: 'p1', name: 'Eva Jansen', familyRole: 'parent', involvement: 'none' },
  { id: 'p2', name: 'Mark Jansen', familyRole: 'step_parent', involvement: 'alleged_perpetrator' },
  { id: 'n1', name: 'Ria Bakker met een heel lange achternaam', familyRole: 'network', involvement: 'reporter' },
];

describe('FamilyDiagram', () => {
  it('draws every person as a box named in words, with role and involvement', () => {
    renderWithIntl(<FamilyDiagram persons={family} />);
    const diagram = screen.getByRole('group', { name: 'Gezinsschema met 5 personen' });
    const people = within(diagram).getAllByRole('img');
    // Five persons and one line of descent.
    expect(people).toHaveLength(6);
    expect(within(diagram).getByRole('img', { name: 'Mila Jansen, Kind, Slachtoffer' })).toBeTruthy();
    expect(within(diagram).getByRole('img', { name: 'Mark Jansen, Stiefouder, Vermoedelijke pleger' })).toBeTruthy();
    // No involvement: no word for it either.
    expect(within(diagram).getByRole('img', { name: 'Eva Jansen, Ouder' })).toBeTruthy();
    // A name too long for its box is cut in the drawing, never in its accessible name.
    expect(within(diagram).getByRole('img', { name: 'Ria Bakker met een heel lange achternaam, Netwerk, Melder' })).toBeTruthy();
    expect(diagram.querySelectorAll('rect')).toHaveLength(family.length);
  });

  it('marks the victim and an alleged perpetrator by line as well as by word', () => {
    renderWithIntl(<FamilyDiagram persons={family} />);
    const box = (involvement: string) => document.querySelector(`[data-involvement=${involvement}] rect`)!;
    expect(box('victim').getAttribute('stroke-width')).toBe('4');
    expect(box('alleged_perpetrator').getAttribute('stroke-dasharray')).toBe('6 4');
    expect(box('witness').getAttribute('stroke-dasharray')).toBeNull();
  });

  it('draws the line of descent from the parents to each child and names who descends from whom', () => {
    renderWithIntl(<FamilyDiagram persons={family} />);
    const descent = screen.getByTestId('family-descent');
    expect(descent.getAttribute('aria-label')).toBe(
      'Lijn van de ouders (Eva Jansen en Mark Jansen) naar de kinderen (Mila Jansen en Daan Jansen)',
    );
    // One line down from the parents, one bar across, one line down to each of the two children.
    expect(descent.querySelectorAll('line')).toHaveLength(4);
  });

  it('draws no line without children, and nothing at all without persons', () => {
    renderWithIntl(<FamilyDiagram persons={family.filter((p) => p.familyRole !== 'child' && p.familyRole !== 'sibling')} />);
    expect(screen.queryByTestId('family-descent')).toBeNull();
    expect(screen.getAllByRole('img')).toHaveLength(3);
    const empty = renderWithIntl(<FamilyDiagram persons={[]} />);
    expect(empty.container.innerHTML).toBe('');
  });

  it('speaks English for an English user', () => {
    renderWithIntl(<FamilyDiagram persons={family.slice(0, 1)} />, 'en');
    expect(screen.getByRole('img', { name: 'Mila Jansen, Child, Victim' })).toBeTruthy();
  });
});
