import { Injectable } from '@nestjs/common';
import * as argon2 from 'argon2';
import { AppConfig } from '@app/config';

/** argon2id with the configured cost (memory ≥ 19 MiB, iterations ≥ 2, enforced by config). */
@Injectable()
export class PasswordHasher {
  private dummy?: Promise<string>;

  constructor(private readonly config: AppConfig) {}

  hash(password: string): Promise<string> {
    return argon2.hash(password, {
      type: argon2.argon2id,
      memoryCost: this.config.auth.argon2MemoryKib,
      timeCost: this.config.auth.argon2Iterations,
      parallelism: 1,
    });
  }

  async verify(hash: string, password: string): Promise<boolean> {
    try {
      return await argon2.verify(hash, password);
    } catch {
      return false;
    }
  }

  /** Spends the same time as a real check, so unknown e-mails cannot be told apart by timing. */
  async verifyAgainstNothing(password: string): Promise<false> {
    this.dummy ??= this.hash('not-a-real-password-' + Math.random());
    await this.verify(await this.dummy, password);
    return false;
  }

  needsRehash(hash: string): boolean {
    return argon2.needsRehash(hash, {
      memoryCost: this.config.auth.argon2MemoryKib,
      timeCost: this.config.auth.argon2Iterations,
    });
  }
}
