import type { FieldError } from '@app/shared';

/** Deployment rules for publishing a requirement (config.tendering). */
export interface PublishRules {
  requireBudget: boolean;
  requireProblemStatement: boolean;
  /** At most this many essential criteria. */
  maxEssentialCriteria: number;
  /** The closing time must be at least this many days after publication. */
  minDaysToClose: number;
  /** Suppliers get at least this many days between publication and the question deadline. */
  minDaysForQuestions: number;
}

export const DEFAULT_PUBLISH_RULES: PublishRules = {
  requireBudget: true,
  requireProblemStatement: true,
  maxEssentialCriteria: 10,
  minDaysToClose: 7,
  minDaysForQuestions: 2,
};

/** What the checks read of a requirement. */
export interface PublishableRequirement {
  problemStatement: string | null;
  budgetMin: string | null;
  budgetMax: string | null;
  essentialCriteria: readonly unknown[];
  questionsCloseAt: Date;
  closesAt: Date;
}

const DAY_MS = 86_400_000;
const days = (n: number) => `${n} day${n === 1 ? '' : 's'}`;

/**
 * The reasons a requirement may not be published at `now`, each naming its
 * field (empty when it may). Pure: the service passes the database time.
 */
export function publishProblems(r: PublishableRequirement, rules: PublishRules, now: Date): FieldError[] {
  const problems: FieldError[] = [];
  if (rules.requireProblemStatement && !r.problemStatement?.trim()) {
    problems.push({ field: 'problemStatement', message: 'State the problem to be solved before publishing.' });
  }
  if (rules.requireBudget && r.budgetMin === null && r.budgetMax === null) {
    problems.push({ field: 'budgetMax', message: 'State a budget (a maximum, or a range) before publishing.' });
  }
  if (r.essentialCriteria.length === 0) {
    problems.push({ field: 'essentialCriteria', message: 'Give at least one essential criterion for suppliers to answer.' });
  }
  if (r.essentialCriteria.length > rules.maxEssentialCriteria) {
    problems.push({
      field: 'essentialCriteria',
      message: `Use at most ${rules.maxEssentialCriteria} essential criteria (this has ${r.essentialCriteria.length}).`,
    });
  }
  if (r.closesAt.getTime() - now.getTime() < rules.minDaysToClose * DAY_MS) {
    problems.push({ field: 'closesAt', message: `The closing time must be at least ${days(rules.minDaysToClose)} after publication.` });
  }
  if (r.questionsCloseAt.getTime() - now.getTime() < rules.minDaysForQuestions * DAY_MS) {
    problems.push({
      field: 'questionsCloseAt',
      message: `Give suppliers at least ${days(rules.minDaysForQuestions)} to ask questions after publication.`,
    });
  }
  return problems;
}
