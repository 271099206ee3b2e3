import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { OutboxRelayService } from '@app/queue';

/** Polls the outbox and relays committed events to BullMQ until shutdown. */
@Injectable()
export class OutboxRelayLoop implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('OutboxRelayLoop');
  private stopped = false;
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly relay: OutboxRelayService,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.schedule(0);
  }

  private schedule(delay: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.tick().finally(() => (this.running = undefined));
    }, delay);
  }

  private async tick(): Promise<void> {
    let relayed = 0;
    try {
      relayed = await this.relay.relayBatch();
    } catch (e) {
      this.logger.warn(`relay failed, will retry: ${(e as Error).message}`);
    }
    // Drain quickly while there is work; otherwise wait for the poll interval.
    this.schedule(relayed > 0 ? 0 : this.config.outbox.pollMs);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }
}
