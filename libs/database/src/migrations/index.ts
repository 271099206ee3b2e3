import { Foundation1764100000000 } from './1764100000000-foundation';

/** Every migration, in order. Listed explicitly: no globs. */
export const MIGRATIONS: Function[] = [Foundation1764100000000];
