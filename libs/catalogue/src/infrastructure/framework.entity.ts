import { Check, Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';

/** A framework agreement (G-Cloud-like, DOS-like): the frame lots and categories hang from. */
@Entity({ schema: 'catalogue', name: 'framework' })
@Check('framework_status_check', `status IN ('live', 'closed')`)
@Index('framework_slug_key', ['slug'], { unique: true })
export class FrameworkEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ type: 'varchar', length: 60 })
  slug: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  description: string | null;

  @Column({ type: 'varchar', length: 10, default: 'live' })
  status: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;
}

/**
 * A lot of a framework. `offerings` lots take catalogue offerings
 * (G-Cloud); `requirements` lots take buyers' requirements (DOS).
 */
@Entity({ schema: 'catalogue', name: 'lot' })
@Check('lot_kind_check', `kind IN ('offerings', 'requirements')`)
@Index('lot_framework_slug_key', ['frameworkId', 'slug'], { unique: true })
export class LotEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @ForeignKey(() => FrameworkEntity, { name: 'lot_framework_fk', onDelete: 'RESTRICT' })
  @Column({ type: 'uuid' })
  frameworkId: string;

  @Column({ type: 'varchar', length: 60 })
  slug: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  description: string | null;

  @Column({ type: 'varchar', length: 15 })
  kind: string;

  @Column({ type: 'int', default: 0 })
  sortOrder: number;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;
}

/** A category within a lot (what buyers filter by). */
@Entity({ schema: 'catalogue', name: 'category' })
@Index('category_lot_slug_key', ['lotId', 'slug'], { unique: true })
export class CategoryEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @ForeignKey(() => LotEntity, { name: 'category_lot_fk', onDelete: 'RESTRICT' })
  @Column({ type: 'uuid' })
  lotId: string;

  @Column({ type: 'varchar', length: 60 })
  slug: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;
}
