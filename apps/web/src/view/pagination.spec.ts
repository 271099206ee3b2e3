import { pagination } from './pagination';

describe('pagination', () => {
  const href = (p: number) => `/x?page=${p}`;

  it('is null for one page', () => {
    expect(pagination({ total: 20, limit: 20 }, 1, href)).toBeNull();
  });

  it('lists every page when there are few', () => {
    const p = pagination({ total: 45, limit: 20 }, 2, href)!;
    expect(p.items).toEqual([
      { number: 1, href: '/x?page=1', current: false },
      { number: 2, href: '/x?page=2', current: true },
      { number: 3, href: '/x?page=3', current: false },
    ]);
    expect(p.previous).toEqual({ href: '/x?page=1' });
    expect(p.next).toEqual({ href: '/x?page=3' });
  });

  it('cuts long runs with ellipses around the current page', () => {
    const p = pagination({ total: 1000, limit: 20 }, 10, href)!;
    expect(p.items.map((i) => ('ellipsis' in i ? '…' : i.number))).toEqual([1, '…', 9, 10, 11, '…', 50]);
  });
});
