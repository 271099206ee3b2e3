import { Allow } from 'class-validator';

/**
 * The query strings of the SME-share pages. Every parameter is allowed
 * through as it came (any other is refused by the validation pipe, as on
 * every page): the pages read them leniently with readReportQuery and show
 * a value that is not one of the choices as an error on its field, so a bad
 * filter gives the error summary, never an error page.
 */
export class ReportsQuery {
  @Allow() basis?: unknown;
  @Allow() period?: unknown;
  @Allow() from?: unknown;
  @Allow() to?: unknown;
  @Allow() sector?: unknown;
  @Allow() by?: unknown;
  @Allow() snapshot?: unknown;
  @Allow() dimension?: unknown;
  @Allow() key?: unknown;
  @Allow() band?: unknown;
  @Allow() buyerId?: unknown;
  @Allow() requirementId?: unknown;
  @Allow() page?: unknown;
}
