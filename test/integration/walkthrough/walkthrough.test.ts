import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { MILESTONES } from '../../../src/shared/milestones';
import { closeAllEditors, EXTENSION_ID, eventually, testHooks } from '../helpers';

interface WalkthroughStep {
  id: string;
  title: string;
  description: string;
  media: { markdown?: string; image?: string };
  completionEvents?: string[];
}

export function walkthrough(): { id: string; title: string; steps: WalkthroughStep[] } {
  const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
  const [first] = extension.packageJSON.contributes.walkthroughs;
  return first;
}

describe('Get Started walkthrough', () => {
  // Its commands are registered once the extension is active, as when a person opens the walkthrough.
  before(testHooks);

  it('has the steps a newcomer needs: keys, signing, inspecting, the status bar', () => {
    assert.deepEqual(
      walkthrough().steps.map((step) => step.id),
      ['keys', 'sign', 'inspect', 'status'],
    );
  });

  it('links every step button to a registered JWT Lens command', async () => {
    const registered = new Set(await vscode.commands.getCommands(true));
    for (const step of walkthrough().steps) {
      const linked = [...step.description.matchAll(/\]\(command:([\w.]+)(?:\?[^)]*)?\)/g)].map((match) => match[1]);
      assert.ok(linked.length > 0, `step ${step.id} has a button`);
      for (const command of linked) {
        assert.ok(registered.has(command), `${step.id}: ${command} is registered`);
      }
    }
  });

  it('completes each step on what the user did (a context key), never on a button pressed', () => {
    assert.deepEqual(Object.fromEntries(walkthrough().steps.map((step) => [step.id, step.completionEvents])), {
      keys: [`onContext:${MILESTONES.keyAdded}`],
      sign: [`onContext:${MILESTONES.signed}`],
      inspect: [`onContext:${MILESTONES.decoded}`],
      status: [`onContext:${MILESTONES.listed}`],
    });
  });

  it("ships every step's media with the extension", () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
    const ignore = fs.readFileSync(path.join(extension.extensionPath, '.vscodeignore'), 'utf8');
    assert.match(ignore, /^!media\/walkthrough\/\*\*$/m, 'the VSIX keeps the walkthrough media');
    for (const step of walkthrough().steps) {
      const media = step.media.markdown ?? step.media.image!;
      const text = fs.readFileSync(path.join(extension.extensionPath, media), 'utf8');
      assert.match(text, /^# /, `${media} starts with a heading`);
    }
  });

  it('opens from the command VS Code runs for it', async () => {
    await closeAllEditors();
    await vscode.commands.executeCommand('workbench.action.openWalkthrough', `${EXTENSION_ID}#${walkthrough().id}`, false);
    const tab = await eventually(() => vscode.window.tabGroups.activeTabGroup.activeTab, 10_000, 'the walkthrough tab');
    assert.match(tab.label, /Welcome|Walkthrough|Get Started/);
    await closeAllEditors();
  });
});
