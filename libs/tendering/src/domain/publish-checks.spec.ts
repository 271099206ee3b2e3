import { DEFAULT_PUBLISH_RULES, PublishRules, PublishableRequirement, publishProblems } from './publish-checks';

describe('publish checks', () => {
  const DAY = 86_400_000;
  const now = new Date('2027-01-01T09:00:00.000Z');
  const plus = (ms: number) => new Date(now.getTime() + ms);
  const rules: PublishRules = DEFAULT_PUBLISH_RULES;
  const criteria = (n: number) => Array.from({ length: n }, (_, i) => `criterion ${i + 1}`);

  const good = (over: Partial<PublishableRequirement> = {}): PublishableRequirement => ({
    problemStatement: 'Parents phone the council to book school places.',
    budgetMin: null,
    budgetMax: '120000.00',
    essentialCriteria: criteria(3),
    questionsCloseAt: plus(3 * DAY),
    closesAt: plus(8 * DAY),
    ...over,
  });
  const fields = (r: PublishableRequirement, rs: PublishRules = rules) => publishProblems(r, rs, now).map((p) => p.field);

  it('the defaults: budget and problem statement required, at most 10 essential criteria, 7 days to close, 2 for questions', () => {
    expect(DEFAULT_PUBLISH_RULES).toEqual({ requireBudget: true, requireProblemStatement: true, maxEssentialCriteria: 10, minDaysToClose: 7, minDaysForQuestions: 2 });
  });

  it('passes a complete requirement', () => {
    expect(publishProblems(good(), rules, now)).toEqual([]);
  });

  describe('problem statement', () => {
    it.each([[null], [''], ['   \n\t ']])('refuses %j, naming problemStatement', (problemStatement) => {
      expect(fields(good({ problemStatement }))).toEqual(['problemStatement']);
    });

    it('is not needed when the deployment does not require it', () => {
      expect(fields(good({ problemStatement: null }), { ...rules, requireProblemStatement: false })).toEqual([]);
    });
  });

  describe('budget', () => {
    it('refuses no budget at all, naming budgetMax', () => {
      const problems = publishProblems(good({ budgetMin: null, budgetMax: null }), rules, now);
      expect(problems).toEqual([{ field: 'budgetMax', message: expect.stringContaining('budget') }]);
    });

    it('accepts a maximum alone, a minimum alone, or a range', () => {
      expect(fields(good({ budgetMin: null, budgetMax: '1.00' }))).toEqual([]);
      expect(fields(good({ budgetMin: '50000.00', budgetMax: null }))).toEqual([]);
      expect(fields(good({ budgetMin: '50000.00', budgetMax: '120000.00' }))).toEqual([]);
      // Zero is a stated budget, not a missing one.
      expect(fields(good({ budgetMin: null, budgetMax: '0.00' }))).toEqual([]);
    });

    it('is not needed when the deployment does not require it', () => {
      expect(fields(good({ budgetMin: null, budgetMax: null }), { ...rules, requireBudget: false })).toEqual([]);
    });
  });

  describe('essential criteria', () => {
    it('refuses none, naming essentialCriteria', () => {
      expect(fields(good({ essentialCriteria: [] }))).toEqual(['essentialCriteria']);
    });

    it('accepts one', () => {
      expect(fields(good({ essentialCriteria: criteria(1) }))).toEqual([]);
    });

    it('accepts exactly the maximum (10) and refuses 11, saying how many it has', () => {
      expect(fields(good({ essentialCriteria: criteria(10) }))).toEqual([]);
      expect(publishProblems(good({ essentialCriteria: criteria(11) }), rules, now)).toEqual([
        { field: 'essentialCriteria', message: 'Use at most 10 essential criteria (this has 11).' },
      ]);
    });

    it('follows a configured maximum: N ok, N + 1 refused', () => {
      const three = { ...rules, maxEssentialCriteria: 3 };
      expect(fields(good({ essentialCriteria: criteria(3) }), three)).toEqual([]);
      expect(fields(good({ essentialCriteria: criteria(4) }), three)).toEqual(['essentialCriteria']);
    });
  });

  describe('closing time', () => {
    it('accepts a closing time exactly 7 days after now and refuses one a millisecond sooner', () => {
      expect(fields(good({ closesAt: plus(7 * DAY) }))).toEqual([]);
      expect(publishProblems(good({ closesAt: plus(7 * DAY - 1) }), rules, now)).toEqual([
        { field: 'closesAt', message: 'The closing time must be at least 7 days after publication.' },
      ]);
    });

    it('refuses a closing time in 2 days, and one in the past', () => {
      expect(fields(good({ questionsCloseAt: plus(2 * DAY), closesAt: plus(2 * DAY) }))).toEqual(['closesAt']);
      expect(fields(good({ questionsCloseAt: plus(-2 * DAY), closesAt: plus(-DAY) }))).toEqual(['closesAt', 'questionsCloseAt']);
    });

    it('follows a configured minimum, and says "1 day" in the singular', () => {
      const one = { ...rules, minDaysToClose: 1, minDaysForQuestions: 1 };
      expect(fields(good({ questionsCloseAt: plus(DAY), closesAt: plus(DAY) }), one)).toEqual([]);
      expect(publishProblems(good({ questionsCloseAt: plus(DAY - 1), closesAt: plus(DAY - 1) }), one, now)).toEqual([
        { field: 'closesAt', message: 'The closing time must be at least 1 day after publication.' },
        { field: 'questionsCloseAt', message: 'Give suppliers at least 1 day to ask questions after publication.' },
      ]);
    });
  });

  describe('question deadline', () => {
    it('accepts a question deadline exactly 2 days after now and refuses one a millisecond sooner', () => {
      expect(fields(good({ questionsCloseAt: plus(2 * DAY) }))).toEqual([]);
      expect(publishProblems(good({ questionsCloseAt: plus(2 * DAY - 1) }), rules, now)).toEqual([
        { field: 'questionsCloseAt', message: 'Give suppliers at least 2 days to ask questions after publication.' },
      ]);
    });
  });

  it('names every failure at once, each by its field', () => {
    const worst: PublishableRequirement = {
      problemStatement: null,
      budgetMin: null,
      budgetMax: null,
      essentialCriteria: criteria(11),
      questionsCloseAt: plus(DAY),
      closesAt: plus(2 * DAY),
    };
    expect(fields(worst)).toEqual(['problemStatement', 'budgetMax', 'essentialCriteria', 'closesAt', 'questionsCloseAt']);
    for (const p of publishProblems(worst, rules, now)) expect(p.message.length).toBeGreaterThan(10);
  });

  it('is pure: judged against the `now` passed in, not the machine clock', () => {
    const r = good({ questionsCloseAt: new Date('2000-01-03T00:00:00Z'), closesAt: new Date('2000-01-08T00:00:00Z') });
    expect(publishProblems(r, rules, new Date('2000-01-01T00:00:00Z'))).toEqual([]);
    expect(fields(r)).toEqual(['closesAt', 'questionsCloseAt']);
  });
});
