/// <reference types="mocha" />
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { applyAction, closeAllEditors, findAction, range, scratch, waitForSummary, wsUri } from '../support';

const DOCKERFILE = 'FROM node:22\nWORKDIR /app\nADD . /app\nRUN npm install\nCMD node server.js\n';
const IGNORE = { '.dockerignore': '.git\n.env*\n' };

suite('Refactorings: distroless and multi-stage', () => {
  teardown(closeAllEditors);

  test('"Convert to gcr.io/distroless/…" rewrites the final FROM and drops node from CMD (the image runs node)', async () => {
    const original = readFileSync(wsUri('convert/Dockerfile').fsPath, 'utf8');
    const editor = await scratch('convert', 'Dockerfile', original, IGNORE);
    const uri = editor.document.uri;
    await waitForSummary(uri, [
      'dockerfile/pin-digest info 0:5-0:12',
      'dockerfile/minimal-base warning 7:5-7:12',
      'dockerfile/no-root-user warning 7:5-7:12',
      'dockerfile/pin-digest info 7:5-7:12',
    ]);
    await applyAction(await findAction(uri, range(7, 5, 7, 12), 'Convert to gcr.io/distroless/nodejs22-debian12:nonroot'));
    assert.equal(
      editor.document.getText(),
      original
        .replace('\nFROM node:22\n', '\nFROM gcr.io/distroless/nodejs22-debian12:nonroot\n')
        .replace('CMD ["node", "dist/server.js"]', 'CMD ["dist/server.js"]'),
    );
    // A non-root distroless image: the base and root findings are gone.
    await waitForSummary(uri, ['dockerfile/pin-digest info 0:5-0:12', 'dockerfile/pin-digest info 7:5-7:48']);
  });

  test('"Split into build and runtime stages" moves the build into a stage and ships distroless as 65532', async () => {
    const editor = await scratch('split', 'Dockerfile', DOCKERFILE);
    const uri = editor.document.uri;
    await waitForSummary(uri, [
      'dockerfile/minimal-base warning 0:5-0:12',
      'dockerfile/no-root-user warning 0:5-0:12',
      'dockerfile/pin-digest info 0:5-0:12',
      'dockerfile/add-instead-of-copy warning 2:0-2:3',
      'dockerfile/missing-dockerignore warning 2:4-2:5',
      'dockerfile/build-tools-in-runtime warning 3:4-3:15',
      'dockerfile/exec-form-cmd warning 4:4-4:18',
    ]);
    // Offered on the build tool (npm install) as well as on the base image.
    await applyAction(await findAction(uri, range(3, 4, 3, 15), 'Split into build and runtime stages on gcr.io/distroless/nodejs22-debian12:nonroot'));
    assert.equal(
      editor.document.getText(),
      [
        'FROM node:22 AS build',
        'WORKDIR /app',
        'ADD . /app',
        'RUN npm install',
        'RUN npm prune --omit=dev',
        'CMD node server.js',
        '',
        'FROM gcr.io/distroless/nodejs22-debian12:nonroot',
        'WORKDIR /app',
        'COPY --from=build /app /app',
        'USER 65532:65532',
        'CMD ["server.js"]',
        '',
      ].join('\n'),
    );
    // The build stage may use a full image and run as root; what remains is about the build stage's ADD.
    await waitForSummary(uri, [
      'dockerfile/pin-digest info 0:5-0:12',
      'dockerfile/add-instead-of-copy warning 2:0-2:3',
      'dockerfile/missing-dockerignore warning 2:4-2:5',
      'dockerfile/pin-digest info 7:5-7:48',
    ]);
  });
});
