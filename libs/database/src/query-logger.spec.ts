import { Logger } from '@nestjs/common';
import { SafeQueryLogger } from './query-logger';

describe('SafeQueryLogger', () => {
  afterEach(() => jest.restoreAllMocks());

  it('logs a failed query as its first line and the database message, never its parameters', () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const secret = 'Our confidential method statement';
    new SafeQueryLogger().logQueryError(new Error('TENDERING.CLOSED: requirement r1 does not accept bids'), `UPDATE tendering.bid SET answers = $2::jsonb\n WHERE id = $1`, [
      'b1',
      JSON.stringify({ c1: secret }),
    ]);
    expect(warn).toHaveBeenCalledTimes(1);
    const line = String(warn.mock.calls[0][0]);
    expect(line).toBe('query failed: TENDERING.CLOSED: requirement r1 does not accept bids — UPDATE tendering.bid SET answers = $2::jsonb');
    expect(line).not.toContain(secret);
  });
});
