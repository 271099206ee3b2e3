import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { newId } from '@app/shared';
import { JobName, JobPayloads } from '../job-names';

@Injectable()
export class OutboxService {
  /**
   * Records an outgoing job in the caller's transaction. The worker relays it
   * to BullMQ with the row id as the job id, so a retry never doubles it.
   */
  async add<N extends JobName>(manager: EntityManager, jobName: N, payload: JobPayloads[N]): Promise<string> {
    const id = newId();
    await manager.query(`INSERT INTO queue.outbox_event (id, job_name, payload) VALUES ($1, $2, $3::jsonb)`, [
      id,
      jobName,
      JSON.stringify(payload),
    ]);
    return id;
  }
}
