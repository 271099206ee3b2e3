export interface PageRequest {
  limit: number;
  offset: number;
}

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

export function pageOf<T>(items: T[], total: number, req: PageRequest): Page<T> {
  return { items, total, limit: req.limit, offset: req.offset };
}
