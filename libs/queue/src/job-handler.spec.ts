import { checkHandlerCoverage } from './job-handler';
import { JOB_NAMES, queueNameOf } from './job-names';

describe('job handler coverage', () => {
  it('accepts exactly one handler per job', () => {
    expect(checkHandlerCoverage([...JOB_NAMES])).toEqual([]);
  });

  it('names a job with no handler, one with two, and a handler for no job', () => {
    const [first, ...rest] = JOB_NAMES;
    const problems = checkHandlerCoverage([...rest, rest[0], 'nowhere.do-thing']);
    expect(problems).toEqual(
      expect.arrayContaining([
        `job "${first}" has no handler`,
        `job "${rest[0]}" has 2 handlers`,
        'handler for unknown job "nowhere.do-thing"',
      ]),
    );
  });

  it('groups jobs into one queue per context', () => {
    expect(queueNameOf('identity.send-invitation')).toBe('identity');
    expect(() => queueNameOf('nodot')).toThrow(/<context>.<verb-noun>/);
  });
});
