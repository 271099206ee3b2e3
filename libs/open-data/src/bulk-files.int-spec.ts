import { readdir } from 'node:fs/promises';
import { INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { ConfigModule } from '@app/config';
import { DatabaseModule } from '@app/database';
import { BulkFilesService, OpenDataModule } from '@app/open-data';
import { QueueModule } from '@app/queue';
import { RedisModule } from '@app/redis';
import { createTestContext, TestContext } from '@app/testing';

/**
 * The daily bulk file on disk: a build whose row cannot be stored leaves no file behind, and
 * does not take away the file the day's stored row names.
 */
describe('open data: bulk files on disk', () => {
  let ctx: TestContext;
  let app: INestApplicationContext;
  let ds: DataSource;
  let bulk: BulkFilesService;

  beforeAll(async () => {
    ctx = await createTestContext();
    const moduleRef = await Test.createTestingModule({
      imports: [ConfigModule.forRoot(ctx.config), DatabaseModule, RedisModule, QueueModule, OpenDataModule],
    }).compile();
    app = await moduleRef.init();
    ds = app.get(DataSource);
    bulk = app.get(BulkFilesService);
  });

  afterAll(async () => {
    await app?.close();
    await ctx?.cleanup();
  });

  const filesOnDisk = async () => (await readdir(ctx.config.openData.dir).catch(() => [] as string[])).sort();
  const namedByRows = async () => (await ds.query(`SELECT disk_name FROM open_data.bulk_file ORDER BY disk_name`)).map((r: { disk_name: string }) => r.disk_name);

  /** Makes every write of a bulk-file row fail, as a lost connection or a full disk would at that point. */
  async function withRowWritesFailing(run: () => Promise<unknown>): Promise<void> {
    await ds.query(`CREATE FUNCTION open_data.test_refuse_bulk_row() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'bulk row refused by the test'; END $$`);
    await ds.query(`CREATE TRIGGER test_refuse_bulk_row BEFORE INSERT OR UPDATE ON open_data.bulk_file FOR EACH ROW EXECUTE FUNCTION open_data.test_refuse_bulk_row()`);
    try {
      await expect(run()).rejects.toThrow(/bulk row refused by the test/);
    } finally {
      await ds.query(`DROP TRIGGER test_refuse_bulk_row ON open_data.bulk_file`);
      await ds.query(`DROP FUNCTION open_data.test_refuse_bulk_row()`);
    }
  }

  it('removes the file of a build whose row was not stored, and keeps the file the stored row names', async () => {
    // No row can be stored: the file written for it goes too.
    await withRowWritesFailing(() => bulk.build());
    expect(await filesOnDisk()).toEqual([]);
    expect(await namedByRows()).toEqual([]);

    // A stored build; then another build of the day, failing: its new file goes, the stored row and its file stay.
    const built = await bulk.build();
    const stored = await namedByRows();
    expect(stored).toHaveLength(1);
    expect(await filesOnDisk()).toEqual(stored);
    await withRowWritesFailing(() => bulk.build());
    expect(await filesOnDisk()).toEqual(stored);
    expect((await bulk.list()).map((f) => f.sha256)).toEqual([built.sha256]);
  });
});
