/**
 * Where each person of a case stands in the family diagram: parents and partners on the top row,
 * children and siblings below them joined by one line of descent, the wider family and the network
 * on a row of their own. Pure, so that it is tested without a browser.
 */
export interface DiagramPerson {
  id: string;
  name: string;
  familyRole: string;
  involvement: string;
}

export interface PlacedPerson extends DiagramPerson {
  x: number;
  y: number;
  row: 0 | 1 | 2;
}

export const BOX = { width: 200, height: 56, gapX: 24, gapY: 48, margin: 16 };

const ROW_OF: Record<string, 0 | 1 | 2> = {
  parent: 0,
  step_parent: 0,
  caregiver: 0,
  partner: 0,
  child: 1,
  sibling: 1,
  other_family: 2,
  network: 2,
};

export interface FamilyLayout {
  people: PlacedPerson[];
  width: number;
  height: number;
  /** The line of descent: from below the parents' row to above each child, when both rows exist. */
  descent: { fromX: number; fromY: number; barY: number; childXs: number[] } | null;
}

export function layoutFamily(persons: DiagramPerson[]): FamilyLayout {
  const rows: DiagramPerson[][] = [[], [], []];
  for (const p of persons) rows[ROW_OF[p.familyRole] ?? 2].push(p);
  const used = rows.map((r, i) => ({ r, i })).filter(({ r }) => r.length > 0);
  const widest = Math.max(1, ...rows.map((r) => r.length));
  const width = BOX.margin * 2 + widest * BOX.width + (widest - 1) * BOX.gapX;
  const people: PlacedPerson[] = [];
  used.forEach(({ r, i }, level) => {
    const rowWidth = r.length * BOX.width + (r.length - 1) * BOX.gapX;
    const startX = (width - rowWidth) / 2;
    r.forEach((p, k) => {
      people.push({ ...p, row: i as 0 | 1 | 2, x: startX + k * (BOX.width + BOX.gapX), y: BOX.margin + level * (BOX.height + BOX.gapY) });
    });
  });
  const height = BOX.margin * 2 + used.length * BOX.height + Math.max(0, used.length - 1) * BOX.gapY;
  const parents = people.filter((p) => p.row === 0);
  const children = people.filter((p) => p.row === 1);
  let descent: FamilyLayout['descent'] = null;
  if (parents.length > 0 && children.length > 0) {
    const fromX = (parents[0].x + parents[parents.length - 1].x + BOX.width) / 2;
    const fromY = parents[0].y + BOX.height;
    descent = { fromX, fromY, barY: fromY + BOX.gapY / 2, childXs: children.map((c) => c.x + BOX.width / 2) };
  }
  return { people, width, height, descent };
}
