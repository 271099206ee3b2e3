import {
  FINAL_STATUSES,
  REQUIREMENT_ACTIONS,
  REQUIREMENT_STATUSES,
  RequirementAction,
  RequirementStatus,
  TRANSITION_CODES,
  acceptsBids,
  acceptsQuestions,
  bidsUnsealed,
  effectiveStatus,
  isEditable,
  transition,
} from './requirement-lifecycle';

/**
 * The requirement lifecycle is judged at a given `now` (the database time the
 * services pass in): every case below is evaluated one millisecond before the
 * closing time, exactly at it, and one millisecond after.
 */
describe('requirement lifecycle', () => {
  const closesAt = new Date('2027-01-20T12:00:00.000Z');
  const questionsCloseAt = new Date('2027-01-10T17:00:00.000Z');
  const ms = (d: Date, delta: number) => new Date(d.getTime() + delta);
  const before = ms(closesAt, -1);
  const at = closesAt;
  const after = ms(closesAt, 1);

  describe('stable codes', () => {
    it('names one stable code per refused action', () => {
      expect(TRANSITION_CODES).toEqual({
        publish: 'TENDERING.NOT_DRAFT',
        withdraw: 'TENDERING.NOT_LIVE',
        close: 'TENDERING.NOT_LIVE',
        award: 'TENDERING.NOT_CLOSED',
        cancel: 'TENDERING.NOT_CLOSED',
        'mark-unsuccessful': 'TENDERING.NOT_CLOSED',
      });
    });
  });

  describe('legal transitions', () => {
    it.each([
      // [stored status, action, when, to]
      ['draft', 'publish', 'before', 'published'],
      ['draft', 'publish', 'after', 'published'], // the publish checks, not the state machine, refuse a past closing time
      ['published', 'withdraw', 'before', 'withdrawn'],
      ['published', 'close', 'at', 'closed'],
      ['published', 'close', 'after', 'closed'],
      ['closed', 'award', 'after', 'awarded'],
      ['closed', 'cancel', 'after', 'cancelled'],
      ['closed', 'mark-unsuccessful', 'after', 'unsuccessful'],
      // The closing job has not run yet: a published requirement past its closing time is closed for every purpose.
      ['published', 'award', 'at', 'awarded'],
      ['published', 'award', 'after', 'awarded'],
      ['published', 'cancel', 'after', 'cancelled'],
      ['published', 'mark-unsuccessful', 'after', 'unsuccessful'],
    ] as const)('%s --%s (%s closing)--> %s', (from, action, when, to) => {
      const now = { before, at, after }[when];
      expect(transition(from, closesAt, action, now)).toEqual({ ok: true, to });
    });
  });

  describe('illegal transitions', () => {
    it.each([
      ['published', 'publish', 'before', 'TENDERING.NOT_DRAFT'],
      ['closed', 'publish', 'after', 'TENDERING.NOT_DRAFT'],
      ['awarded', 'publish', 'after', 'TENDERING.NOT_DRAFT'],
      ['withdrawn', 'publish', 'before', 'TENDERING.NOT_DRAFT'],
      ['draft', 'withdraw', 'before', 'TENDERING.NOT_LIVE'],
      ['published', 'withdraw', 'at', 'TENDERING.NOT_LIVE'],
      ['published', 'withdraw', 'after', 'TENDERING.NOT_LIVE'],
      ['closed', 'withdraw', 'after', 'TENDERING.NOT_LIVE'],
      ['published', 'close', 'before', 'TENDERING.NOT_DUE'],
      ['draft', 'close', 'after', 'TENDERING.NOT_LIVE'],
      ['closed', 'close', 'after', 'TENDERING.NOT_LIVE'],
      ['withdrawn', 'close', 'after', 'TENDERING.NOT_LIVE'],
      ['awarded', 'close', 'after', 'TENDERING.NOT_LIVE'],
      ['draft', 'award', 'after', 'TENDERING.NOT_CLOSED'],
      ['published', 'award', 'before', 'TENDERING.NOT_CLOSED'],
      ['published', 'cancel', 'before', 'TENDERING.NOT_CLOSED'],
      ['published', 'mark-unsuccessful', 'before', 'TENDERING.NOT_CLOSED'],
      ['awarded', 'award', 'after', 'TENDERING.NOT_CLOSED'],
      ['cancelled', 'award', 'after', 'TENDERING.NOT_CLOSED'],
      ['unsuccessful', 'cancel', 'after', 'TENDERING.NOT_CLOSED'],
      ['withdrawn', 'mark-unsuccessful', 'after', 'TENDERING.NOT_CLOSED'],
    ] as const)('%s --%s (%s closing)--> refused with %s', (from, action, when, code) => {
      const now = { before, at, after }[when];
      const t = transition(from, closesAt, action, now);
      expect(t).toEqual({ ok: false, code, message: expect.any(String) });
    });

    it('refuses `close` before the closing time with NOT_DUE, saying so', () => {
      expect(transition('published', closesAt, 'close', before)).toEqual({
        ok: false,
        code: 'TENDERING.NOT_DUE',
        message: 'The closing time has not passed yet.',
      });
    });

    it('names the effective state in the message (a published requirement past closing is "closed")', () => {
      const t = transition('published', closesAt, 'withdraw', after);
      expect(t.ok).toBe(false);
      expect(!t.ok && t.message).toBe('A requirement that is closed cannot be withdrawn.');
    });

    it('allows exactly the legal (state, action, time) triples and refuses every other with its stable code', () => {
      const legal = new Set([
        'draft:publish:before', 'draft:publish:at', 'draft:publish:after',
        'published:withdraw:before',
        'published:close:at', 'published:close:after',
        'published:award:at', 'published:award:after',
        'published:cancel:at', 'published:cancel:after',
        'published:mark-unsuccessful:at', 'published:mark-unsuccessful:after',
        'closed:award:before', 'closed:award:at', 'closed:award:after',
        'closed:cancel:before', 'closed:cancel:at', 'closed:cancel:after',
        'closed:mark-unsuccessful:before', 'closed:mark-unsuccessful:at', 'closed:mark-unsuccessful:after',
      ]);
      const seen: string[] = [];
      for (const from of REQUIREMENT_STATUSES) {
        for (const action of REQUIREMENT_ACTIONS) {
          for (const [when, now] of [['before', before], ['at', at], ['after', after]] as const) {
            const key = `${from}:${action}:${when}`;
            const t = transition(from, closesAt, action, now);
            const expectedCode = action === 'close' && from === 'published' && when === 'before' ? 'TENDERING.NOT_DUE' : TRANSITION_CODES[action];
            expect([key, t.ok ? 'ok' : t.code]).toEqual([key, legal.has(key) ? 'ok' : expectedCode]);
            if (t.ok) seen.push(key);
          }
        }
      }
      expect(seen.sort()).toEqual([...legal].sort());
    });

    it('final states have no way out, at any time', () => {
      expect([...FINAL_STATUSES].sort()).toEqual(['awarded', 'cancelled', 'unsuccessful', 'withdrawn']);
      for (const from of FINAL_STATUSES) {
        for (const action of REQUIREMENT_ACTIONS as readonly RequirementAction[]) {
          for (const now of [before, at, after]) expect(transition(from, closesAt, action, now).ok).toBe(false);
        }
      }
    });
  });

  describe('effectiveStatus', () => {
    it('a published requirement is published until the closing time and closed from that exact instant', () => {
      expect(effectiveStatus('published', closesAt, before)).toBe('published');
      expect(effectiveStatus('published', closesAt, at)).toBe('closed');
      expect(effectiveStatus('published', closesAt, after)).toBe('closed');
    });

    it('leaves every other stored state as it is, before and after the closing time', () => {
      for (const s of REQUIREMENT_STATUSES.filter((x) => x !== 'published')) {
        expect([s, effectiveStatus(s, closesAt, before), effectiveStatus(s, closesAt, after)]).toEqual([s, s, s]);
      }
    });
  });

  describe('acceptsBids', () => {
    it('is true for a published requirement until the instant before closing, false at the closing instant', () => {
      expect(acceptsBids('published', closesAt, before)).toBe(true);
      expect(acceptsBids('published', closesAt, at)).toBe(false);
      expect(acceptsBids('published', closesAt, after)).toBe(false);
    });

    it('is false in every other state, even before the closing time', () => {
      for (const s of REQUIREMENT_STATUSES.filter((x) => x !== 'published')) expect([s, acceptsBids(s, closesAt, before)]).toEqual([s, false]);
    });
  });

  describe('acceptsQuestions', () => {
    it('is true until the instant before the question deadline and false at it', () => {
      expect(acceptsQuestions('published', closesAt, questionsCloseAt, ms(questionsCloseAt, -1))).toBe(true);
      expect(acceptsQuestions('published', closesAt, questionsCloseAt, questionsCloseAt)).toBe(false);
      expect(acceptsQuestions('published', closesAt, questionsCloseAt, ms(questionsCloseAt, 1))).toBe(false);
    });

    it('is false once the requirement is not live, whatever the question deadline', () => {
      // A question deadline equal to the closing time: closing wins at the closing instant.
      expect(acceptsQuestions('published', closesAt, closesAt, before)).toBe(true);
      expect(acceptsQuestions('published', closesAt, closesAt, at)).toBe(false);
      for (const s of ['draft', 'closed', 'withdrawn', 'awarded'] as RequirementStatus[]) {
        expect([s, acceptsQuestions(s, closesAt, questionsCloseAt, ms(questionsCloseAt, -1000))]).toEqual([s, false]);
      }
    });
  });

  describe('bidsUnsealed', () => {
    it('unseals a published requirement exactly at the closing time, not a millisecond before', () => {
      expect(bidsUnsealed('published', closesAt, before)).toBe(false);
      expect(bidsUnsealed('published', closesAt, at)).toBe(true);
      expect(bidsUnsealed('published', closesAt, after)).toBe(true);
    });

    it('never unseals a draft or a withdrawn requirement', () => {
      for (const now of [before, at, after, ms(closesAt, 365 * 86_400_000)]) {
        expect(bidsUnsealed('draft', closesAt, now)).toBe(false);
        expect(bidsUnsealed('withdrawn', closesAt, now)).toBe(false);
      }
    });

    it('unseals closed and decided requirements after the closing time, and goes by the clock, not the stored state', () => {
      for (const s of ['closed', 'awarded', 'cancelled', 'unsuccessful'] as RequirementStatus[]) {
        expect([s, bidsUnsealed(s, closesAt, before), bidsUnsealed(s, closesAt, at)]).toEqual([s, false, true]);
      }
    });
  });

  it('only drafts are editable', () => {
    expect(REQUIREMENT_STATUSES.filter(isEditable)).toEqual(['draft']);
  });
});
