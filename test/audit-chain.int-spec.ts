import { Test } from '@nestjs/testing';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { AuditLogService, AuditModule } from '@app/audit';
import { ConfigModule } from '@app/config';
import { DatabaseModule } from '@app/database';
import { createTestContext, TestContext } from '@app/testing';
import { INestApplicationContext } from '@nestjs/common';
import { auditVerifyCommand } from '../apps/api/src/cli';

/** The audit log is append-only (trigger) and tamper-evident (hash chain + verify command). */
describe('audit log', () => {
  let ctx: TestContext;
  let app: INestApplicationContext;
  let audit: AuditLogService;
  let sql: Client;

  beforeAll(async () => {
    ctx = await createTestContext();
    const moduleRef = await Test.createTestingModule({
      imports: [ConfigModule.forRoot(ctx.config), DatabaseModule, AuditModule],
    }).compile();
    app = await moduleRef.init();
    audit = app.get(AuditLogService);
    sql = new Client({ connectionString: ctx.databaseUrl });
    await sql.connect();
  });

  afterAll(async () => {
    await sql?.end();
    await app?.close();
    await ctx?.cleanup();
  });

  it('chains rows appended concurrently and verifies them', async () => {
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        audit.append({ action: 'test.appended', subjectType: 'thing', subjectId: String(i), data: { i, nested: { b: 1, a: 2 } } }, { ip: '127.0.0.1' }),
      ),
    );
    const { rows } = await sql.query(`SELECT id, prev_hash, hash FROM audit.audit_event ORDER BY id`);
    expect(rows).toHaveLength(20);
    for (let i = 1; i < rows.length; i++) expect(rows[i].prev_hash).toBe(rows[i - 1].hash);
    expect(await audit.verify()).toEqual({ ok: true, checked: 20, firstBroken: null });
  });

  it('refuses UPDATE, DELETE and TRUNCATE', async () => {
    await expect(sql.query(`UPDATE audit.audit_event SET action = 'x'`)).rejects.toThrow(/append-only: UPDATE refused/);
    await expect(sql.query(`DELETE FROM audit.audit_event`)).rejects.toThrow(/append-only: DELETE refused/);
    await expect(sql.query(`TRUNCATE audit.audit_event`)).rejects.toThrow(/append-only: TRUNCATE refused/);
  });

  it('rolls back with the transaction it was written in', async () => {
    const before = await audit.verify();
    await expect(
      app.get(DataSource).transaction(async (m) => {
        await audit.append({ action: 'test.rolled-back', subjectType: 'thing' }, {}, m);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect((await audit.verify()).checked).toBe(before.checked);
  });

  it('names the edited row when a row is changed with the trigger disabled', async () => {
    const { rows } = await sql.query(`SELECT id FROM audit.audit_event ORDER BY id OFFSET 7 LIMIT 1`);
    const tampered = rows[0].id as string;
    await sql.query(`ALTER TABLE audit.audit_event DISABLE TRIGGER audit_event_append_only`);
    await sql.query(`UPDATE audit.audit_event SET data = '{"i": 999}' WHERE id = $1`, [tampered]);
    await sql.query(`ALTER TABLE audit.audit_event ENABLE TRIGGER audit_event_append_only`);

    expect(await audit.verify()).toEqual({ ok: false, checked: 7, firstBroken: { id: tampered, reason: 'hash_mismatch' } });
    const lines: string[] = [];
    const code = await auditVerifyCommand(ctx.config, (l) => lines.push(l));
    expect(code).toBe(1);
    expect(lines.join('\n')).toContain(`BROKEN at row id ${tampered} (hash mismatch)`);
  });
});
