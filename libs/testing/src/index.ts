export { TEMPLATE_DATABASE, testRedisUrl, testServerUrl, uniqueSuffix } from './test-env';
export { TEST_PASSWORD, TestContext, createTestContext, deleteRedisKeys } from './test-context';
export { Factories, TestOrganisation, TestUser, testPasswordHash } from './factories';
export { ApiTestApp, createApiTestApp } from './api-app';
export { WebTestApp, createWebTestApp } from './web-app';
export * from './access-matrix';
export { Mail, MailServer, startMailServer, waitFor } from './mail-server';
export { fixturesDir, describeWithFixtures } from './fixtures';
export { WorkerProcess, startWorker } from './worker-process';
