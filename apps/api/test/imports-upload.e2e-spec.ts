import { randomBytes } from 'node:crypto';
import { readFile, readdir } from 'node:fs/promises';
import { UPLOAD_TMP_DIR } from '@app/open-data';
import { ApiTestApp, TestContext, createApiTestApp, createTestContext, expectProblem } from '@app/testing';

/**
 * POST /api/v1/imports over HTTP: a multipart/form-data upload (field `file`, with `kind` and
 * `encoding` as text fields) is streamed to a temporary file, kept byte for byte in IMPORT_DIR and
 * queued; a file over IMPORT_MAX_MB (1 here), under another field name, or with an unknown text
 * field is refused naming that field, and no temporary file is left behind either way.
 */
describe('imports: upload through the API (e2e)', () => {
  let ctx: TestContext;
  let api: ApiTestApp;
  let token: string;

  beforeAll(async () => {
    ctx = await createTestContext({ IMPORT_MAX_MB: '1' });
    api = await createApiTestApp(ctx);
    const { user } = await api.factories.member('platform', 'platform_admin');
    token = (await api.signIn(user.email, user.password)).accessToken;
  });

  afterAll(async () => {
    await api?.close();
    await ctx?.cleanup();
  });

  const tmpFiles = async () => (await readdir(UPLOAD_TMP_DIR).catch(() => [] as string[])).sort();
  // A release package with a few hundred kilobytes of padding, so the upload spans many chunks.
  const packageJson = () =>
    Buffer.from(
      JSON.stringify({
        uri: `https://example.test/${randomBytes(4).toString('hex')}`,
        publishedDate: '2026-11-01T00:00:00Z',
        releases: [],
        padding: randomBytes(300_000).toString('base64'),
      }),
    );

  it('stores the uploaded file byte for byte, queues its import and leaves no temporary file', async () => {
    const before = await tmpFiles();
    const content = packageJson();
    const res = await api.http
      .post('/api/v1/imports')
      .set('Authorization', `Bearer ${token}`)
      .field('kind', 'ocds')
      .attach('file', content, 'release-package.json');
    expect([res.status, res.body.status, res.body.kind, res.body.fileName]).toEqual([202, 'queued', 'ocds', 'release-package.json']);
    const [run] = await api.dataSource.query(`SELECT file_path, file_bytes FROM reporting.import_run WHERE id = $1`, [res.body.id]);
    expect(Number(run.file_bytes)).toBe(content.length);
    expect((await readFile(run.file_path)).equals(content)).toBe(true);
    expect((await api.http.get(`/api/v1/imports/${res.body.id}`).set('Authorization', `Bearer ${token}`)).body.id).toBe(res.body.id);
    expect(await tmpFiles()).toEqual(before);
  });

  it('refuses a file larger than IMPORT_MAX_MB with 413 naming the file, recording nothing and keeping no file', async () => {
    const before = await tmpFiles();
    const runs = await api.factories.count('reporting.import_run');
    const big = Buffer.concat([packageJson(), Buffer.alloc(1024 * 1024, 0x20)]);
    const res = await api.http.post('/api/v1/imports').set('Authorization', `Bearer ${token}`).attach('file', big, 'big.json');
    expectProblem(res, 413, 'REQUEST.TOO_LARGE', ['file']);
    expect(await api.factories.count('reporting.import_run')).toBe(runs);
    expect(await tmpFiles()).toEqual(before);
  });

  it('refuses a file sent under another field name or an unknown field, naming it (a reserved name such as __proto__: the body); records nothing and keeps no file', async () => {
    const before = await tmpFiles();
    const runs = await api.factories.count('reporting.import_run');
    const wrongField = await api.http.post('/api/v1/imports').set('Authorization', `Bearer ${token}`).attach('upload', packageJson(), 'x.json');
    expectProblem(wrongField, 400, 'OPEN_DATA.INVALID_IMPORT', ['upload']);
    const unknown = await api.http.post('/api/v1/imports').set('Authorization', `Bearer ${token}`).field('colour', 'blue').attach('file', packageJson(), 'x.json');
    expectProblem(unknown, 400, 'REQUEST.VALIDATION_FAILED', ['colour']);
    const proto = await api.http.post('/api/v1/imports').set('Authorization', `Bearer ${token}`).field('__proto__', 'x').attach('file', packageJson(), 'x.json');
    expectProblem(proto, 400, 'REQUEST.VALIDATION_FAILED', ['body']);
    const noFile = await api.http.post('/api/v1/imports').set('Authorization', `Bearer ${token}`).field('kind', 'ocds');
    expectProblem(noFile, 400, 'OPEN_DATA.INVALID_IMPORT', ['file']);
    expect(await api.factories.count('reporting.import_run')).toBe(runs);
    expect(await tmpFiles()).toEqual(before);
  });
});
