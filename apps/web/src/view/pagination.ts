import type { Page } from '@app/shared';

type PaginationItem = { number: number; href: string; current: boolean } | { ellipsis: true };

/**
 * Previous/next links for govukPagination, or null for a single page. Long
 * runs of pages are cut to the first, the last and those around the current
 * one, with ellipses between (the GOV.UK pattern).
 */
export function pagination(page: Pick<Page<unknown>, 'total' | 'limit'>, current: number, href: (page: number) => string) {
  const pages = Math.max(1, Math.ceil(page.total / page.limit));
  if (pages <= 1) return null;
  const items: PaginationItem[] = [];
  for (let n = 1; n <= pages; n++) {
    const shown = pages <= 7 || n === 1 || n === pages || Math.abs(n - current) <= 1;
    if (shown) items.push({ number: n, href: href(n), current: n === current });
    else if (!('ellipsis' in (items[items.length - 1] ?? {}))) items.push({ ellipsis: true });
  }
  return {
    previous: current > 1 ? { href: href(Math.min(current - 1, pages)) } : undefined,
    next: current < pages ? { href: href(current + 1) } : undefined,
    items,
  };
}
