/**
 * UI-level smoke tests through the real workbench (playwright-core + headless chromium):
 * open the Dockerfile from the Explorer, see the squiggle and the Problems entry, press
 * Ctrl+. and apply the preferred quick fix with the keyboard. A screenshot of each step
 * goes to <outDir>/NN-step.png.
 */
import { cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './install.mjs';
import { Session } from './session.mjs';

const STEP_MS = 30_000;

class StepError extends Error {}

export async function uiSmoke({ outDir, fixtures, keep = false, relay }) {
  rmSync(outDir, { recursive: true, force: true });
  const session = new Session({ name: 'ui', logDir: outDir, workspace: '', relay });
  let ok = false;
  let n = 0;
  const steps = [];
  const page = () => session.page;
  const shot = async (name) => {
    n += 1;
    const file = join(outDir, `${String(n).padStart(2, '0')}-${name}.png`);
    await page().screenshot({ path: file });
    return file;
  };
  const step = async (name, run) => {
    const started = Date.now();
    try {
      await run();
      const file = await shot(name);
      steps.push(`${name} (${Date.now() - started} ms) → ${file}`);
      console.log(`[e2e]   ui ✔ ${name} (${Date.now() - started} ms)`);
    } catch (error) {
      const file = await shot(`${name}-FAILED`).catch(() => '(no screenshot)');
      throw new StepError(`UI step "${name}" failed: ${error.message}\n  screenshot: ${file}`);
    }
  };

  try {
    session.o.workspace = join(session.temp, 'workspace');
    cpSync(fixtures, session.o.workspace, { recursive: true });
    await session.start();
    await session.openWorkbench([['extensionDevelopmentPath', session.remote(ROOT)]]);
    const p = page();

    await step('workbench', async () => {
      await p.locator('.monaco-workbench').waitFor({ timeout: STEP_MS });
      await p.locator('.explorer-folders-view .monaco-list-row[aria-label="Dockerfile"]').waitFor({ timeout: STEP_MS });
    });

    await step('open-dockerfile', async () => {
      await p.locator('.explorer-folders-view .monaco-list-row[aria-label="Dockerfile"]').dblclick();
      await p.locator('.tab.active[aria-label^="Dockerfile"]').waitFor({ timeout: STEP_MS });
      await p.locator('.monaco-editor .view-lines').filter({ hasText: 'ADD . /app' }).waitFor({ timeout: STEP_MS });
    });

    await step('squiggle', async () => {
      await p.locator('.monaco-editor .squiggly-warning').first().waitFor({ timeout: STEP_MS });
      const count = await p.locator('.monaco-editor .squiggly-warning').count();
      if (count < 3) throw new Error(`expected squiggles under FROM, ADD, RUN and CMD, found ${count}`);
    });

    await step('problems', async () => {
      await p.keyboard.press('Control+Shift+M');
      const row = p.locator('.markers-panel .monaco-list-row').filter({ hasText: 'dockerfile/add-instead-of-copy' });
      await row.first().waitFor({ timeout: STEP_MS });
      const text = await row.first().innerText();
      if (!/ADD of local files: use COPY/.test(text)) throw new Error(`unexpected Problems row: ${text}`);
      if (!/\[Ln 3, Col 1\]/.test(text)) throw new Error(`Problems row is not at Ln 3, Col 1: ${text}`);
    });

    await step('quick-fix-menu', async () => {
      // Back to the editor, cursor on ADD (line 3, column 1) with Ctrl+G, then Ctrl+.
      await p.locator('.monaco-editor .view-lines').first().click();
      await p.keyboard.press('Control+G');
      await p.locator('.quick-input-widget input').waitFor({ timeout: STEP_MS });
      await p.keyboard.type(':3:1');
      await p.keyboard.press('Enter');
      await p.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: STEP_MS });
      await p.keyboard.press('Control+.');
      const widget = p.locator('.action-widget');
      await widget.waitFor({ timeout: STEP_MS });
      const fix = widget.locator('.monaco-list-row.action').filter({ hasText: 'Fix: Replace ADD with COPY' });
      await fix.waitFor({ timeout: STEP_MS });
      const first = (await widget.locator('.monaco-list-row.action').first().innerText()).trim();
      if (!first.includes('Fix: Replace ADD with COPY')) throw new Error(`the first quick fix is "${first}", not the preferred safe fix`);
    });

    await step('quick-fix-applied', async () => {
      // The action list focuses its first item; a mouse click is blocked by .context-view-pointerBlock.
      await p.keyboard.press('Enter');
      await p.locator('.action-widget').waitFor({ state: 'hidden', timeout: STEP_MS });
      await p.locator('.monaco-editor .view-lines').filter({ hasText: 'COPY . /app' }).waitFor({ timeout: STEP_MS });
      // The Problems entry goes away once the server has re-checked the edit.
      await p
        .locator('.markers-panel .monaco-list-row')
        .filter({ hasText: 'dockerfile/add-instead-of-copy' })
        .waitFor({ state: 'detached', timeout: STEP_MS });
      await p.locator('.markers-panel .monaco-list-row').filter({ hasText: 'dockerfile/missing-dockerignore' }).first().waitFor({ timeout: STEP_MS });
    });
    ok = true;
    console.log(`[e2e] ui: ${steps.length} steps passed; screenshots in ${outDir}`);
  } catch (error) {
    console.log(`[e2e] ui: ${error.message}`);
    if (!(error instanceof StepError)) console.log(`[e2e] last code-server output:\n${session.tail(30)}`);
    throw error;
  } finally {
    await session.close({ keepTemp: keep || !ok });
  }
}
