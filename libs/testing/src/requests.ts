const DAY_MS = 86_400_000;

/** What names and places a requirement in a test; requirementBody fills in the rest. */
export interface RequirementBodyFields {
  title: string;
  summary: string;
  problemStatement: string;
  location: string;
  lotId: string;
  categoryId: string;
}

/**
 * The body of POST (or PUT) /api/v1/requirements: a complete requirement that passes the publish
 * checks — £50,000–120,000 over 12 months, two essential criteria and one nice-to-have, 60/40
 * technical/price, questions closing in 3 days and bids in 8. `over` replaces any field.
 */
export function requirementBody(fields: RequirementBodyFields, over: Record<string, unknown> = {}): Record<string, unknown> {
  const inDays = (days: number) => new Date(Date.now() + days * DAY_MS).toISOString();
  return {
    ...fields,
    description: 'We need a team to discover, build and run the new service with us.',
    budgetMin: '50000.00',
    budgetMax: '120000.00',
    currency: 'GBP',
    contractLengthMonths: 12,
    essentialCriteria: ['Experience of GOV.UK Design System services', 'A team in place within 4 weeks'],
    niceToHaveCriteria: ['Experience with local authorities'],
    technicalWeight: 60,
    priceWeight: 40,
    questionsCloseAt: inDays(3),
    closesAt: inDays(8),
    ...over,
  };
}
