import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { SizeBand } from '../domain/size-band';

/** What changed about a supplier that other contexts copy (the catalogue keeps name and band on each offering). */
export interface SupplierChange {
  organisationId: string;
  /** The name to show for the supplier, when it changed. */
  displayName?: string;
  /** The current size band (null: no declaration), when it changed. */
  band?: SizeBand | null;
}

export type SupplierChangeListener = (change: SupplierChange, manager: EntityManager) => Promise<void>;

/**
 * In-process subscribers to supplier changes, called inside the transaction
 * that makes the change, so a copy elsewhere is never out of step. Contexts
 * that depend on suppliers register here (the dependency points their way);
 * suppliers knows none of them.
 */
@Injectable()
export class SupplierChangeListeners {
  private readonly listeners: SupplierChangeListener[] = [];

  register(listener: SupplierChangeListener): void {
    this.listeners.push(listener);
  }

  async notify(change: SupplierChange, manager: EntityManager): Promise<void> {
    for (const l of this.listeners) await l(change, manager);
  }
}
