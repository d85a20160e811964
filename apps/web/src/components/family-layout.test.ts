import { describe, expect, it } from 'vitest';
import { BOX, layoutFamily, type DiagramPerson } from './family-layout';

const person = (id: string, familyRole: string, involvement = 'none'): DiagramPerson => ({ id, name: id, familyRole, involvement });

describe('layoutFamily', () => {
  it('puts parents above children, the wider family below, and joins parents to each child', () => {
    const layout = layoutFamily([
      person('child', 'child', 'victim'),
      person('mother', 'parent'),
      person('aunt', 'other_family'),
      person('father', 'step_parent', 'alleged_perpetrator'),
      person('brother', 'sibling'),
    ]);
    const at = (id: string) => layout.people.find((p) => p.id === id)!;
    expect(at('mother').y).toBe(at('father').y);
    expect(at('child').y).toBeGreaterThan(at('mother').y);
    expect(at('aunt').y).toBeGreaterThan(at('child').y);
    expect(layout.descent!.childXs).toEqual([at('child').x + BOX.width / 2, at('brother').x + BOX.width / 2]);
    expect(layout.descent!.fromY).toBe(at('mother').y + BOX.height);
    // No two boxes overlap on a row.
    for (const row of [0, 1, 2])
      layout.people
        .filter((p) => p.row === row)
        .sort((a, b) => a.x - b.x)
        .reduce((prev, p) => (expect(p.x).toBeGreaterThanOrEqual(prev.x + BOX.width), p));
  });

  it('has no line of descent without both parents and children, and no empty rows', () => {
    const layout = layoutFamily([person('a', 'child'), person('b', 'network')]);
    expect(layout.descent).toBeNull();
    expect(layout.people.map((p) => p.y)).toEqual([BOX.margin, BOX.margin + BOX.height + BOX.gapY]);
    expect(layoutFamily([]).people).toEqual([]);
  });

  it('fits every box inside its width and height, for 30 persons too', () => {
    const many = Array.from({ length: 30 }, (_, i) => person(`p${i}`, ['child', 'parent', 'network'][i % 3]));
    const layout = layoutFamily(many);
    for (const p of layout.people) {
      expect(p.x).toBeGreaterThanOrEqual(0);
      expect(p.x + BOX.width).toBeLessThanOrEqual(layout.width);
      expect(p.y + BOX.height).toBeLessThanOrEqual(layout.height);
    }
  });
});
