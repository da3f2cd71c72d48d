// The Get Started step buttons pressed as VS Code presses them (a `command:` link with JSON
// arguments): each opens what its step needs and runs it, and its step completes only once the thing
// was done. No node: it runs in the web worker host too, where the samples are made in memory.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { decodeToken } from '../../../src/core/token/decode';
import { testKeys } from '../../support/keys';
import { closeAllEditors, deleteAllKeys, EXTENSION_ID, eventually, run, testHooks } from '../helpers';
import { Prompts } from '../prompts';

interface WalkthroughStep {
  id: string;
  description: string;
}

function steps(): WalkthroughStep[] {
  return vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON.contributes.walkthroughs[0].steps;
}

/** Runs a step's button as VS Code runs a `command:` link: its query is the JSON arguments. */
async function pressStepButton(stepId: string, title: string): Promise<unknown> {
  const step = steps().find((candidate) => candidate.id === stepId)!;
  const link = new RegExp(`\\[${title}\\]\\(command:([\\w.]+)(?:\\?([^)]*))?\\)`).exec(step.description);
  assert.ok(link, `${stepId} has a "${title}" button`);
  const args: unknown = link[2] ? JSON.parse(decodeURIComponent(link[2])) : [];
  return run(link[1], ...(Array.isArray(args) ? args : [args]));
}

describe('Get Started step buttons (in the extension host)', () => {
  const NOW = 1_800_000_000;
  before(async () => {
    await deleteAllKeys();
    (await testHooks()).setClock({ nowSeconds: () => NOW });
  });
  beforeEach(async () => (await testHooks()).milestones.reset());
  afterEach(closeAllEditors);
  after(async () => {
    (await testHooks()).setClock({ nowSeconds: () => Date.now() / 1000 });
    await deleteAllKeys();
  });

  it('completes "Add or generate a signing key" once a key is stored, not when its button is cancelled', async () => {
    const hooks = await testHooks();
    const prompts = new Prompts(undefined);
    try {
      await run('jwtLens.generateKey');
    } finally {
      prompts.dispose();
    }
    assert.equal(hooks.milestones.has('keyAdded'), false);
    await run('jwtLens.addKey', { text: testKeys().hmac64, kid: 'hs', label: 'hs' });
    assert.equal(hooks.milestones.has('keyAdded'), true);
  });

  it('Sign Claims File opens the sample playback.claims.json and signs it; the step completes only once a token is signed', async () => {
    await run('jwtLens.addMuxKey', { keyId: 'mux-demo', privateKey: testKeys().muxPrivateKeyBase64, label: 'mux-demo' });
    const hooks = await testHooks();
    hooks.milestones.reset();
    const cancelled = new Prompts(undefined);
    try {
      assert.equal(await pressStepButton('sign', 'Sign Claims File'), undefined);
    } finally {
      cancelled.dispose();
    }
    assert.deepEqual(cancelled.messages('error'), []);
    assert.equal(vscode.window.activeTextEditor?.document.uri.path.endsWith('/playback.claims.json'), true);
    assert.equal(hooks.milestones.has('signed'), false, 'escape at "where should the token go" signs nothing');

    const prompts = new Prompts('Copy to Clipboard');
    let result: { token: string } | undefined;
    try {
      result = (await pressStepButton('sign', 'Sign Claims File')) as { token: string };
    } finally {
      prompts.dispose();
    }
    assert.deepEqual(prompts.messages('error'), []);
    assert.equal(decodeToken(result.token).payload?.sub, 'abc123PlaybackId');
    assert.equal(await vscode.env.clipboard.readText(), result.token);
    assert.equal(hooks.milestones.has('signed'), true);
  });

  it('Decode Token opens a sample token and decodes it; the step completes only once a token is decoded', async () => {
    const hooks = await testHooks();
    await vscode.env.clipboard.writeText('');
    const failed = new Prompts();
    try {
      await run('jwtLens.decodeToken');
    } finally {
      failed.dispose();
    }
    assert.equal(hooks.milestones.has('decoded'), false, 'a decode that found no token');

    const prompts = new Prompts();
    try {
      await pressStepButton('inspect', 'Decode Token');
    } finally {
      prompts.dispose();
    }
    assert.deepEqual(prompts.messages('error'), []);
    const shown = hooks.decodedView.current?.verdict.decoded.payload;
    assert.deepEqual([shown?.sub, shown?.exp], ['user-42', NOW + 3600]);
    assert.equal(hooks.milestones.has('decoded'), true);
  });

  it('a hover over a token completes the Inspect step too, as the step says', async () => {
    const hooks = await testHooks();
    const document = await vscode.workspace.openTextDocument({ content: 'nothing here\n', language: 'plaintext' });
    await run<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, new vscode.Position(0, 3));
    assert.equal(hooks.milestones.has('decoded'), false, 'a hover over no token');
    // jwt.io's example token: any token will do.
    const jwt =
      'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';
    const withToken = await vscode.workspace.openTextDocument({ content: `TOKEN=${jwt}\n`, language: 'plaintext' });
    const hovers = await run<vscode.Hover[]>('vscode.executeHoverProvider', withToken.uri, new vscode.Position(0, 20));
    assert.equal(hovers.length, 1);
    assert.equal(hooks.milestones.has('decoded'), true);
  });

  it('Show Tokens in This File opens a sample with a token expiring in minutes and lists it; the step completes once listed', async () => {
    const hooks = await testHooks();
    const prompts = new Prompts();
    try {
      const pressed = pressStepButton('status', 'Show Tokens in This File');
      await eventually(() => (hooks.milestones.has('listed') ? true : undefined), 10_000, 'the tokens listed');
      assert.equal(hooks.statusBar.state.text, '$(warning) 1 expiring in 8 min');
      await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
      await pressed;
      assert.deepEqual(prompts.messages(), []);
    } finally {
      prompts.dispose();
    }
  });
});
