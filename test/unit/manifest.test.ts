// What package.json promises VS Code: in Restricted Mode, a workspace cannot set the settings that
// change or hide a verdict (a repository's .vscode/settings.json could otherwise make an expired
// token read as valid), and the clock tolerance has a ceiling.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const manifest = JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', '..', '..', 'package.json'), 'utf8'));
const settings = manifest.contributes.configuration.properties as Record<string, { maximum?: number; scope?: string }>;
/** Application-scoped settings come from user settings only, trusted workspace or not. */
const userOnly = Object.keys(settings).filter((name) => settings[name].scope === 'application');

describe('package.json: settings a workspace may set', () => {
  it('declares every setting that changes or hides a verdict as restricted in untrusted workspaces', () => {
    const restricted: string[] = manifest.capabilities.untrustedWorkspaces.restrictedConfigurations;
    // Only where to search is the workspace's to say; everything else changes what a token reads as.
    const open = ['jwtLens.findTokens.include'];
    assert.deepEqual(
      [...restricted].sort(),
      Object.keys(settings)
        .filter((name) => !open.includes(name) && !userOnly.includes(name))
        .sort(),
    );
  });

  it('lets no workspace widen what is fetched: network settings are user settings only', () => {
    // The account API addresses too: a workspace must not send your access token elsewhere.
    const network = Object.keys(settings).filter((name) => name.startsWith('jwtLens.network.') || name.endsWith('.apiBaseUrl'));
    assert.ok(network.includes('jwtLens.mux.apiBaseUrl') && network.includes('jwtLens.fastpix.apiBaseUrl'));
    for (const name of network) {
      assert.equal(settings[name].scope, 'application', name);
    }
  });

  it('caps jwtLens.clockTolerance at 300 seconds', () => {
    assert.equal(settings['jwtLens.clockTolerance'].maximum, 300);
  });
});

describe('package.json: commands', () => {
  it('contributes exactly the commands of the one command table', async () => {
    const { COMMANDS } = await import('../../src/util/commandIds');
    const contributed = (manifest.contributes.commands as Array<{ command: string }>).map((entry) => entry.command);
    assert.deepEqual([...contributed].sort(), Object.values(COMMANDS).sort());
  });

  it('names only contributed commands in its menus, walkthrough and welcome view', () => {
    const contributed = new Set((manifest.contributes.commands as Array<{ command: string }>).map((entry) => entry.command));
    const menus = manifest.contributes.menus as Record<string, Array<{ command?: string; submenu?: string }>>;
    for (const [place, entries] of Object.entries(menus)) {
      for (const entry of entries) {
        if (entry.command) {
          assert.ok(contributed.has(entry.command), `${place}: ${entry.command}`);
        }
      }
    }
    const linked = JSON.stringify([manifest.contributes.walkthroughs, manifest.contributes.viewsWelcome]).match(/command:[\w.]+/g) ?? [];
    for (const link of linked) {
      assert.ok(contributed.has(link.slice('command:'.length)), link);
    }
  });
});

describe('package.json: web extension (vscode.dev, github.dev)', () => {
  it('has a browser entry beside main, both packaged', () => {
    assert.equal(manifest.main, './dist/extension.js');
    assert.equal(manifest.browser, './dist/web/extension.js');
    const packaged = fs.readFileSync(path.resolve(__dirname, '..', '..', '..', '.vscodeignore'), 'utf8').split('\n');
    assert.ok(packaged.includes('!dist/extension.js'));
    assert.ok(packaged.includes('!dist/web/extension.js'));
  });

  it('supports virtual workspaces, where github.dev and vscode.dev open repositories', () => {
    assert.equal(manifest.capabilities.virtualWorkspaces.supported, true);
  });
});
