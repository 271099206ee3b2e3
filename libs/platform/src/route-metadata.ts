import { Type } from '@nestjs/common';
import { Reflector } from '@nestjs/core';

/**
 * A Reflector that reads each (metadata key, handler or controller) pair once. Route metadata — @Public(),
 * @Roles(), the throttler's settings — is set by decorators when the classes are defined and never changes
 * after, while the global guards read it several times on every request (bench/s2: nine reads, each a walk
 * of reflect-metadata's maps). Only for such decorator metadata; it never forgets what it has read.
 */
export class RouteMetadata extends Reflector {
  private readonly read = new WeakMap<object, Map<unknown, unknown>>();

  override get(metadataKeyOrDecorator: unknown, target: Type<unknown> | Function): any {
    let byKey = this.read.get(target);
    if (!byKey) this.read.set(target, (byKey = new Map()));
    if (byKey.has(metadataKeyOrDecorator)) return byKey.get(metadataKeyOrDecorator);
    const value: unknown = super.get(metadataKeyOrDecorator as string, target);
    byKey.set(metadataKeyOrDecorator, value);
    return value;
  }
}
