/**
 * design.md §3's discipline masking, in one place for every reader of the case's content (entries,
 * the timeline, interviews and examinations): a row restricted to a discipline shows its content
 * only to readers of that discipline; anyone else who may read the case sees that it exists, who
 * wrote it and when, and nothing more. The masking is SQL, so restricted content never leaves Postgres.
 */
export interface DisciplineMask {
  /** A condition: the reader may see the row's content. */
  readonly visible: string;
  /** `(…) AS restricted`: true where the reader sees only that the row exists. */
  restricted(as?: string): string;
  /** `CASE WHEN visible THEN expr ELSE otherwise END AS name`: the column as this reader may see it. */
  column(expr: string, as: string, otherwise?: string): string;
}

/**
 * `restrictedTo`: a SQL expression over the row yielding the discipline it is restricted to, or NULL
 * where the whole team may read it. `reader`: the placeholder of the discipline the reader sees in
 * full, whose value is fullViewDiscipline(access) (restricted-view.ts): never simply the actor's own.
 * Both are fixed SQL from code, never input.
 */
export function disciplineMask(restrictedTo: string, reader: string): DisciplineMask {
  const visible = `(${restrictedTo} IS NULL OR ${restrictedTo} = ${reader})`;
  return {
    visible,
    restricted: (as = 'restricted') => `(NOT ${visible}) AS ${as}`,
    column: (expr, as, otherwise = 'NULL') => `CASE WHEN ${visible} THEN ${expr} ELSE ${otherwise} END AS ${as}`,
  };
}
