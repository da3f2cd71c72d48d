// Diagnostics wait for a pause in typing; a document closed within that pause is dropped: not
// scanned again, and no scan of it kept.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { InspectionService } from '../../../src/services/inspections';
import { assemble } from '../../support/tokens';
import { closeAllEditors, eventually, run, testHooks } from '../helpers';
import { Debouncer } from '../../../src/util/debouncer';

describe('Diagnostics of a closed document (in the extension host)', () => {
  afterEach(closeAllEditors);

  it('a document closed within the diagnostics debounce is not scanned again, nor its scan kept', async () => {
    const { inspections, diagnostics } = await testHooks();
    const service = inspections as InspectionService & { inspect: InspectionService['inspect'] };
    const inspect = service.inspect;
    // A debounce longer than any close can take, however loaded the machine: the close lands within it.
    const debounced = diagnostics as unknown as { edits: Debouncer };
    const original = debounced.edits;
    debounced.edits = new Debouncer(60_000);
    const document = await vscode.workspace.openTextDocument({ content: 'notes\n', language: 'plaintext' });
    const editor = await vscode.window.showTextDocument(document);
    const scannedAfterClose: string[] = [];
    service.inspect = (scanned) => {
      if (scanned === document && document.isClosed) {
        scannedAfterClose.push(scanned.uri.toString());
      }
      return inspect.call(service, scanned);
    };
    try {
      await editor.edit((edit) => edit.insert(new vscode.Position(1, 0), `token=${assemble({ alg: 'HS256' }, { sub: 'x', exp: 1 })}\n`));
      await eventually(
        () => (debounced.edits.isPending(document.uri.toString()) ? true : undefined),
        5000,
        'the edit waiting for its debounce',
      );
      // An untitled document reverted is disposed: the extension host closes it.
      await run('workbench.action.revertAndCloseActiveEditor');
      await eventually(() => (document.isClosed ? true : undefined), 5000, 'the document to close');
      assert.equal(debounced.edits.isPending(document.uri.toString()), false, 'the close dropped the pending scan');
      await new Promise((resolve) => setTimeout(resolve, 500));
      assert.deepEqual(scannedAfterClose, []);
      const documents = (inspections as unknown as { documents: Map<string, unknown> }).documents;
      assert.equal(documents.has(document.uri.toString()), false);
    } finally {
      delete (service as { inspect?: unknown }).inspect;
      debounced.edits.dispose();
      debounced.edits = original;
    }
  });
});
