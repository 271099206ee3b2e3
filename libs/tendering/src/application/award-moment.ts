import { EntityManager } from 'typeorm';

/**
 * The moment of an award by the database clock, and its calendar date in Europe/London — the
 * calendar of UK financial years (an award at 23:30 UTC on 31 March in summer time is on 1 April).
 * The contract keeps both: `created_at` is the moment (the OCDS award date), `awarded_on` the date.
 */
export async function awardMoment(m: EntityManager): Promise<{ today: string; awardedAt: Date }> {
  const [row] = await m.query(`SELECT to_char(t AT TIME ZONE 'Europe/London', 'YYYY-MM-DD') AS today, t AS "awardedAt" FROM clock_timestamp() AS t`);
  return row;
}
