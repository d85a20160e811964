import { useState } from 'react';

/**
 * Rows a form grows and shrinks (findings, evidence, actions). Each row keeps a stable key, so the
 * fields already typed in stay with their row when another is taken away; names use the position,
 * as the API's field errors do (`findings[1].sizeMm`).
 */
export function useRows(initial = 0) {
  const [keys, setKeys] = useState<number[]>(() => Array.from({ length: initial }, (_, i) => i));
  const [next, setNext] = useState(initial);
  return {
    keys,
    add: () => {
      setKeys((k) => [...k, next]);
      setNext((n) => n + 1);
    },
    remove: (key: number) => setKeys((k) => k.filter((x) => x !== key)),
  };
}

/** The rows of `prefix[i].field` in a form, in order, as objects of the named fields. */
export function rowsFrom(form: FormData, prefix: string, fields: string[]): Record<string, string>[] {
  const rows: Record<string, string>[] = [];
  for (let i = 0; ; i++) {
    if (!fields.some((f) => form.has(`${prefix}[${i}].${f}`))) return rows;
    rows.push(Object.fromEntries(fields.map((f) => [f, String(form.get(`${prefix}[${i}].${f}`) ?? '').trim()])));
  }
}
