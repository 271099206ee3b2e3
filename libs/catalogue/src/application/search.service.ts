import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { SIZE_BANDS, isSme } from '@app/suppliers';
import type { SizeBand } from '@app/suppliers';
import { BandFilter, SearchSqlParams, hasText, highlightToHtml, searchSql } from '../infrastructure/search-sql';
import { FrameworksService } from './frameworks.service';

export type SearchParams = SearchSqlParams;

export interface SearchItem {
  id: string;
  title: string;
  summary: string;
  /** Title and summary as safe HTML with the matched words in <mark>. */
  highlight: { title: string; summary: string };
  lot: { id: string; name: string };
  categories: { id: string; name: string }[];
  price: { min: string; max: string | null; unit: string; interval: string | null; currency: string };
  supplier: { organisationId: string; name: string; sizeBand: SizeBand | null; sme: boolean };
  version: number;
  publishedAt: string;
  rank: number;
}

export interface FacetCount<T> {
  value: T;
  label: string;
  count: number;
}

export interface SearchResult {
  items: SearchItem[];
  total: number;
  limit: number;
  offset: number;
  /** How the words were understood (PostgreSQL tsquery), null for an empty search. */
  interpretedAs: string | null;
  /** The words held nothing searchable (only common words): everything is listed instead. */
  wordsIgnored: boolean;
  facets: {
    lots: FacetCount<string>[];
    categories: (FacetCount<string> & { lotId: string })[];
    sizeBands: FacetCount<BandFilter>[];
    sme: { sme: number; nonSme: number; unknown: number };
  };
}

const BAND_LABEL: Record<BandFilter, string> = { micro: 'Micro', small: 'Small', medium: 'Medium', large: 'Large', unknown: 'Not declared' };

/** Public catalogue search: full text, filters, facets, highlights, a fair and stable order. */
@Injectable()
export class CatalogueSearchService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly frameworks: FrameworksService,
  ) {}

  async search(params: SearchParams): Promise<SearchResult> {
    let text = hasText(params.q);
    let [row] = await this.dataSource.query(...toArgs(searchSql(params, text)));
    let wordsIgnored = false;
    if (text && row.numnode === 0) {
      // Only stop words ("the", "and"): list everything rather than nothing.
      text = false;
      wordsIgnored = true;
      [row] = await this.dataSource.query(...toArgs(searchSql(params, false)));
    }
    const tree = await this.frameworks.tree();
    const lots = new Map(tree.flatMap((f) => f.lots.map((l) => [l.id, l] as const)));
    const categories = new Map(tree.flatMap((f) => f.lots.flatMap((l) => l.categories.map((c) => [c.id, { ...c, lotId: l.id }] as const))));
    const bands = row.bands as Record<string, number>;
    return {
      items: (row.items as RawItem[]).map((r) => ({
        id: r.id,
        title: r.title,
        summary: r.summary,
        highlight: { title: highlightToHtml(r.titleHighlight), summary: highlightToHtml(r.summaryHighlight) },
        lot: { id: r.lotId, name: lots.get(r.lotId)?.name ?? 'Unknown lot' },
        categories: r.categoryIds.map((id) => ({ id, name: categories.get(id)?.name ?? 'Unknown category' })),
        price: { min: r.priceMin, max: r.priceMax, unit: r.priceUnit, interval: r.priceInterval, currency: r.currency },
        supplier: { organisationId: r.organisationId, name: r.supplierName, sizeBand: r.supplierBand, sme: isSme(r.supplierBand) },
        version: r.version,
        publishedAt: r.publishedAt,
        rank: r.rank,
      })),
      total: row.total,
      limit: params.limit,
      offset: params.offset,
      interpretedAs: text ? row.tsquery : null,
      wordsIgnored,
      facets: {
        lots: Object.entries(row.lots as Record<string, number>)
          .map(([id, count]) => ({ value: id, label: lots.get(id)?.name ?? 'Unknown lot', count }))
          .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label)),
        categories: Object.entries(row.categories as Record<string, number>)
          .map(([id, count]) => ({ value: id, label: categories.get(id)?.name ?? 'Unknown category', lotId: categories.get(id)?.lotId ?? '', count }))
          .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label)),
        sizeBands: ([...SIZE_BANDS, 'unknown'] as BandFilter[]).map((b) => ({ value: b, label: BAND_LABEL[b], count: bands[b] ?? 0 })),
        sme: {
          sme: (bands.micro ?? 0) + (bands.small ?? 0) + (bands.medium ?? 0),
          nonSme: bands.large ?? 0,
          unknown: bands.unknown ?? 0,
        },
      },
    };
  }
}

interface RawItem {
  id: string;
  organisationId: string;
  lotId: string;
  categoryIds: string[];
  title: string;
  summary: string;
  titleHighlight: string;
  summaryHighlight: string;
  priceMin: string;
  priceMax: string | null;
  priceUnit: string;
  priceInterval: string | null;
  currency: string;
  supplierName: string;
  supplierBand: SizeBand | null;
  version: number;
  publishedAt: string;
  rank: number;
}

const toArgs = (s: { text: string; values: unknown[] }): [string, unknown[]] => [s.text, s.values];
