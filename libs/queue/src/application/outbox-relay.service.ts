import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { QueuesService } from './queues.service';

/**
 * Moves committed outbox rows to BullMQ. Rows are locked with SKIP LOCKED so
 * several workers can relay at once; the BullMQ job id is the outbox row id,
 * so a crash after `add` but before the row is marked only re-adds a job that
 * BullMQ already has (a no-op).
 */
@Injectable()
export class OutboxRelayService {
  private readonly logger = new Logger('OutboxRelay');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly queues: QueuesService,
  ) {}

  /** Relays up to `limit` pending rows; returns how many were relayed. */
  async relayBatch(limit = 200): Promise<number> {
    return this.dataSource.transaction(async (m) => {
      const rows: { id: string; job_name: string; payload: Record<string, unknown> }[] = await m.query(
        `SELECT id, job_name, payload FROM queue.outbox_event
          WHERE relayed_at IS NULL ORDER BY created_at, id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [limit],
      );
      if (!rows.length) return 0;
      for (const row of rows) {
        // A payload with `runAt` (ISO time) waits until then in BullMQ's delayed set.
        const runAt = typeof row.payload.runAt === 'string' ? Date.parse(row.payload.runAt) : NaN;
        const delay = Number.isFinite(runAt) ? Math.max(0, runAt - Date.now()) : undefined;
        await this.queues.queueForJob(row.job_name).add(row.job_name, row.payload, { jobId: row.id, delay });
      }
      await m.query(`UPDATE queue.outbox_event SET relayed_at = now() WHERE id = ANY($1::uuid[])`, [rows.map((r) => r.id)]);
      this.logger.debug(`relayed ${rows.length} outbox event(s)`);
      return rows.length;
    });
  }
}
