import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderWithIntl } from '../test-utils';
import { RestrictedRecord } from './restricted-record';

describe('RestrictedRecord', () => {
  it('reads "Politiedossier van 12 nov 2026 door J. de Vries, niet gedeeld" without a disclosure', () => {
    renderWithIntl(<RestrictedRecord discipline="police" createdAt="2026-11-12T10:00:00Z" authorName="J. de Vries" />);
    expect(screen.getByTestId('restricted-record').textContent).toMatch(
      /^Politiedossier van 12 nov\.? 2026 door J\. de Vries, niet gedeeld$/,
    );
  });

  it('shows the disclosure with its legal basis where there is one, in English too', () => {
    renderWithIntl(
      <RestrictedRecord
        discipline="forensic_medicine"
        createdAt="2026-11-12T23:30:00Z"
        authorName="A. Arts"
        disclosure={{ summary: 'Letsel past niet bij de uitleg.', legalBasis: 'art. 7:457 BW', disclosedAt: '2026-11-14T09:00:00Z' }}
      />,
      'en',
    );
    const text = screen.getByTestId('restricted-record').textContent;
    // 23:30 UTC is 13 Nov in Amsterdam: dates are written in the Europe/Amsterdam zone.
    expect(text).toMatch(/^Forensic medical record of 13 Nov 2026 by A\. Arts, summary shared:/);
    expect(screen.getByTestId('disclosure').textContent).toContain('Letsel past niet bij de uitleg.');
    expect(screen.getByTestId('disclosure').textContent).toContain('legal basis: art. 7:457 BW');
  });
});
