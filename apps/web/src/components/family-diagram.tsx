import { useId } from 'react';
import { useIntl } from 'react-intl';
import { BOX, layoutFamily, type DiagramPerson } from './family-layout';

/**
 * design.md §10: a person's place in the family drawn, not only listed. The victim has a thick
 * border, an alleged perpetrator a dashed one, and each box says its role in words too, so that the
 * drawing does not depend on colour or line style alone. The list beside it carries the same facts.
 * For a screen reader the drawing is a group named by its title, in which each person and the line
 * of descent is an image named in words (name, place in the family, involvement; who descends from
 * whom), so the drawing itself can be read, not only the table.
 */
export function FamilyDiagram({ persons }: { persons: DiagramPerson[] }) {
  const intl = useIntl();
  const titleId = useId();
  const layout = layoutFamily(persons);
  if (persons.length === 0) return null;
  const { descent } = layout;
  const names = (row: 0 | 1) =>
    intl.formatList(
      layout.people.filter((p) => p.row === row).map((p) => p.name),
      { type: 'conjunction' },
    );
  const describe = (p: DiagramPerson) =>
    [
      p.name,
      intl.formatMessage({ id: `person.role.${p.familyRole}` }),
      ...(p.involvement !== 'none' ? [intl.formatMessage({ id: `person.involvement.${p.involvement}` })] : []),
    ].join(', ');
  return (
    <figure className="or-diagram">
      <svg
        role="group"
        aria-labelledby={titleId}
        viewBox={`0 0 ${layout.width} ${layout.height}`}
        width="100%"
        style={{ maxWidth: layout.width }}
        data-testid="family-diagram"
      >
        <title id={titleId}>{intl.formatMessage({ id: 'diagram.title' }, { count: persons.length })}</title>
        {descent && (
          <g
            stroke="currentColor"
            strokeWidth={2}
            fill="none"
            role="img"
            aria-label={intl.formatMessage({ id: 'diagram.descentLine' }, { parents: names(0), children: names(1) })}
            data-testid="family-descent"
          >
            <line x1={descent.fromX} y1={descent.fromY} x2={descent.fromX} y2={descent.barY} />
            <line
              x1={Math.min(descent.fromX, ...descent.childXs)}
              y1={descent.barY}
              x2={Math.max(descent.fromX, ...descent.childXs)}
              y2={descent.barY}
            />
            {descent.childXs.map((x) => (
              <line key={x} x1={x} y1={descent.barY} x2={x} y2={descent.barY + BOX.gapY / 2} />
            ))}
          </g>
        )}
        {layout.people.map((p) => (
          <g key={p.id} data-involvement={p.involvement} role="img" aria-label={describe(p)}>
            <rect
              x={p.x}
              y={p.y}
              width={BOX.width}
              height={BOX.height}
              rx={6}
              fill="#fff"
              stroke={p.involvement === 'victim' ? '#8b0000' : '#1f2937'}
              strokeWidth={p.involvement === 'victim' ? 4 : 1.5}
              strokeDasharray={p.involvement === 'alleged_perpetrator' ? '6 4' : undefined}
            />
            <text x={p.x + 8} y={p.y + 22} fontSize={14} fontWeight={600} fill="#111827">
              {p.name.length > 24 ? `${p.name.slice(0, 23)}…` : p.name}
            </text>
            <text x={p.x + 8} y={p.y + 42} fontSize={12} fill="#1f2937">
              {intl.formatMessage({ id: `person.role.${p.familyRole}` })}
              {p.involvement !== 'none' ? ` · ${intl.formatMessage({ id: `person.involvement.${p.involvement}` })}` : ''}
            </text>
          </g>
        ))}
      </svg>
    </figure>
  );
}
