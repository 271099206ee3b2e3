// The worker process harness moved to libs/testing (worker tests use it too); kept here for the web tests' imports.
export { Mail, MailServer, WorkerProcess, startMailServer, startWorker, waitFor } from '@app/testing';
