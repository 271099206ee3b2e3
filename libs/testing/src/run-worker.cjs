'use strict';
// Runs the worker app from its TypeScript sources (apps/worker/src/main.ts) in a
// process of its own, for web tests that need the e-mail the real worker sends
// (see mail-harness.ts). In production the web app and the worker are separate
// processes too, and apps never import each other (the import rules), so a web
// test starts the worker as a process rather than importing its module.
//
// Each file is compiled as ts-jest compiles the tests (tsconfig.spec.json has
// isolatedModules: transpile only, no type check) and the @app/* aliases are
// resolved as jest.config.js resolves them. Configuration comes from the
// environment, as in production.
const fs = require('node:fs');
const path = require('node:path');
const Module = require('node:module');
const ts = require('typescript');

const root = path.resolve(__dirname, '../../..'); // libs/testing/src → the repository
const compilerOptions = {
  module: ts.ModuleKind.CommonJS,
  target: ts.ScriptTarget.ES2022,
  experimentalDecorators: true,
  emitDecoratorMetadata: true,
  esModuleInterop: true,
  isolatedModules: true,
  inlineSourceMap: true,
};

const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  const alias = /^@app\/([a-z-]+)(\/jobs)?$/.exec(request);
  const target = alias ? path.join(root, 'libs', alias[1], 'src', alias[2] ? 'jobs' : '', 'index.ts') : request;
  return resolveFilename.call(this, target, ...rest);
};

require.extensions['.ts'] = (module, filename) => {
  const { outputText } = ts.transpileModule(fs.readFileSync(filename, 'utf8'), { compilerOptions, fileName: filename });
  module._compile(outputText, filename);
};

// Ends with the test run that started it, even when that run is killed.
process.on('disconnect', () => process.exit(0));

require(path.join(root, 'apps/worker/src/main.ts'));
