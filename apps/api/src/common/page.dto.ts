import type { Type } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';

/** design.md §4 list shape `{items, nextCursor}` for one item type; subclass it to give the schema its name. */
export function PageOf<T>(item: Type<T>): Type<{ items: T[]; nextCursor: string | null }> {
  class Page {
    @ApiProperty({ type: [item] }) items: T[];
    @ApiProperty({ nullable: true, type: String, description: 'pass as ?cursor= for the next page; null on the last' })
    nextCursor: string | null;
  }
  return Page;
}
