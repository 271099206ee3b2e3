import { OFFERING_ACTIONS, OFFERING_STATUSES, editMode, transition } from './offering-lifecycle';

describe('offering lifecycle', () => {
  it.each([
    ['draft', 'publish', 'supplier', 'published'],
    ['published', 'withdraw', 'supplier', 'withdrawn'],
    ['suspended', 'withdraw', 'supplier', 'withdrawn'],
    ['published', 'suspend', 'platform', 'suspended'],
    ['suspended', 'reinstate', 'platform', 'published'],
  ] as const)('%s --%s by %s--> %s', (from, action, by, to) => {
    expect(transition(from, action, by)).toEqual({ ok: true, to });
  });

  it('allows nothing else: every other (state, action) pair is refused', () => {
    const allowed = new Set(['draft:publish', 'published:withdraw', 'suspended:withdraw', 'published:suspend', 'suspended:reinstate']);
    for (const from of OFFERING_STATUSES) {
      for (const action of OFFERING_ACTIONS) {
        const by = action === 'suspend' || action === 'reinstate' ? 'platform' : 'supplier';
        const r = transition(from, action, by);
        expect([`${from}:${action}`, r.ok]).toEqual([`${from}:${action}`, allowed.has(`${from}:${action}`)]);
      }
    }
  });

  it('withdrawn is final', () => {
    for (const action of OFFERING_ACTIONS) {
      expect(transition('withdrawn', action, 'supplier').ok).toBe(false);
      expect(transition('withdrawn', action, 'platform').ok).toBe(false);
    }
  });

  it('keeps suppliers and platform admins to their own actions', () => {
    expect(transition('published', 'suspend', 'supplier')).toEqual({ ok: false, reason: 'wrong-actor' });
    expect(transition('suspended', 'reinstate', 'supplier')).toEqual({ ok: false, reason: 'wrong-actor' });
    expect(transition('draft', 'publish', 'platform')).toEqual({ ok: false, reason: 'wrong-actor' });
  });

  it('edits drafts in place, versions published offerings, refuses the rest', () => {
    expect(editMode('draft')).toBe('in-place');
    expect(editMode('published')).toBe('new-version');
    expect(editMode('suspended')).toBe('refused');
    expect(editMode('withdrawn')).toBe('refused');
  });
});
