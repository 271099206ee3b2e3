import type { Page } from '@app/shared';

/** Previous/next links for govukPagination, or null for a single page. */
export function pagination(page: Page<unknown>, current: number, href: (page: number) => string) {
  const pages = Math.max(1, Math.ceil(page.total / page.limit));
  if (pages <= 1) return null;
  return {
    previous: current > 1 ? { href: href(current - 1) } : undefined,
    next: current < pages ? { href: href(current + 1) } : undefined,
    items: [...Array(pages).keys()].map((i) => ({ number: i + 1, href: href(i + 1), current: i + 1 === current })),
  };
}
