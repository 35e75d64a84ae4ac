/// <reference types="mocha" />
import { strict as assert } from 'node:assert';
import { closeAllEditors, log, range, scratch, serverPids, summarize, waitForDiagnostics, waitForSummary } from '../support';

suite('Server restart', () => {
  teardown(closeAllEditors);

  test('after the language server is killed, VS Code restarts it and diagnostics follow edits again', async () => {
    const text = 'FROM node:22-slim\nWORKDIR /app\nADD server.js ./\nUSER 65532:65532\nCMD ["node", "server.js"]\n';
    const editor = await scratch('restart', 'Dockerfile', text, { '.dockerignore': '.git\n' });
    const uri = editor.document.uri;
    await waitForSummary(uri, ['dockerfile/pin-digest info 0:5-0:17', 'dockerfile/add-instead-of-copy warning 2:0-2:3']);
    const before = serverPids();
    assert.equal(before.length, 1, `expected one Hardline server child of the extension host, found ${JSON.stringify(before)}`);
    log(`killing the language server (pid ${before[0]})`);
    process.kill(before[0], 'SIGKILL');
    // An edit made while the server is down: only a restarted server can report its effect.
    assert.ok(await editor.edit((b) => b.replace(range(2, 0, 2, 3), 'COPY')));
    await waitForDiagnostics(
      uri,
      (d) => JSON.stringify(summarize(d)) === JSON.stringify(['dockerfile/pin-digest info 0:5-0:17']),
      'the restarted server to check the edited document',
    );
    const after = serverPids();
    assert.equal(after.length, 1, `expected one Hardline server after the restart, found ${JSON.stringify(after)}`);
    assert.notEqual(after[0], before[0]);
    log(`restarted as pid ${after[0]}`);
    // And it keeps working.
    assert.ok(await editor.edit((b) => b.replace(range(2, 0, 2, 4), 'ADD')));
    await waitForSummary(uri, ['dockerfile/pin-digest info 0:5-0:17', 'dockerfile/add-instead-of-copy warning 2:0-2:3']);
  });
});
