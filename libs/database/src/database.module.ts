import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '@app/config';
import { MIGRATIONS } from './migrations';
import { SafeQueryLogger } from './query-logger';
import { SnakeNamingStrategy } from './snake-naming.strategy';

/**
 * The one TypeORM connection of a process. Entities are registered by each
 * context's module with `TypeOrmModule.forFeature([...])` (an explicit list,
 * never a glob); `synchronize` is off everywhere, tests included.
 */
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        type: 'postgres' as const,
        url: config.database.url,
        extra: { max: config.database.poolSize, application_name: `opm-${process.pid}` },
        namingStrategy: new SnakeNamingStrategy(),
        autoLoadEntities: true,
        synchronize: false,
        migrationsRun: false,
        migrations: MIGRATIONS,
        migrationsTableName: 'migrations',
        logging: ['error', 'warn'] as ('error' | 'warn')[],
        logger: new SafeQueryLogger(),
      }),
    }),
  ],
})
export class DatabaseModule {}
