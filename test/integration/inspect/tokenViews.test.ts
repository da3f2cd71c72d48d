// Hover, CodeLens and the decoded view on tokens in JSON, .env, .http, log and Markdown files,
// read through VS Code's own provider commands, with the clock fixed.
import * as assert from 'node:assert/strict';
import { CompactEncrypt, CompactSign, importPKCS8, importSPKI } from 'jose';
import * as vscode from 'vscode';
import { testKeys } from '../../support/keys';
import { b64, signWith } from '../../support/tokens';
import { closeAllEditors, deleteAllKeys, eventually, hoverText, run, testHooks, workspaceUri } from '../helpers';

const NOW = 1_800_000_000;

interface Fixture {
  file: string;
  token: string;
  lens: string;
  hover: RegExp[];
  hoverLacks?: RegExp[];
}

async function lensTitles(uri: vscode.Uri): Promise<string[]> {
  await vscode.workspace.openTextDocument(uri);
  const lenses = await run<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100);
  return lenses.filter((lens) => lens.command?.command === 'jwtLens.openDecoded').map((lens) => lens.command!.title);
}

describe('Inspection: hover, CodeLens, decoded view (in the extension host)', () => {
  const fixtures: Fixture[] = [];
  const folder = workspaceUri('inspect');

  before(async () => {
    await deleteAllKeys();
    (await testHooks()).setClock({ nowSeconds: () => NOW });
    await run('jwtLens.addKey', { text: testKeys().rsaPkcs1Pem, kid: 'prod-key', label: 'prod-key' });
    const rsa = testKeys().rsaPkcs1Pem;
    const valid = await signWith(rsa, { sub: 'user-1', iat: NOW - 60, exp: NOW + 14 * 60 + 30 }, 'RS256', { kid: 'prod-key' });
    const expired = await signWith(rsa, { sub: 'user-2', iat: NOW - 4 * 86400, exp: NOW - 3 * 86400 - 10 }, 'RS256', { kid: 'prod-key' });
    const [h, , s] = valid.split('.');
    const tampered = `${h}.${b64({ sub: 'admin', iat: NOW - 60, exp: NOW + 14 * 60 + 30 })}.${s}`;
    const unknownKid = await signWith(testKeys().ecSec1Pem, { sub: 'x', exp: NOW + 3600 }, 'ES256', { kid: 'abc' });
    const mux = await signWith(rsa, { sub: 'playbackId123', aud: 'v', exp: NOW + 2 * 3600 }, 'RS256', {
      kid: 'prod-key',
      kidIn: 'payload',
    });
    const unsigned = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: 'anonymous', exp: NOW + 600 })}.`;
    const jwe = `${b64({ alg: 'RSA-OAEP', enc: 'A256GCM', kid: 'prod-key' })}.${'a'.repeat(40)}.aXZpdml2aXZpdml2.Y2lwaGVydGV4dA.dGFndGFndGFn`;
    fixtures.push(
      {
        file: 'tokens.json',
        token: valid,
        lens: 'JWT RS256 · expires in 14 min · ✓ signed by prod-key',
        hover: [
          /^\*\*JWT RS256\*\* · typ JWT · kid prod\\-key/,
          /\$\(pass\) Expires in 14 min — 2027-01-15T08:14:30Z/,
          /\$\(verified\) signed by prod\\-key/,
          /\[Re-sign\]\(command:jwtLens\.resignToken/,
        ],
      },
      {
        file: '.env',
        token: expired,
        lens: 'JWT RS256 · expired 3 days ago · ✓ signed by prod-key',
        hover: [/\$\(error\) Expired 3 days ago/],
      },
      {
        file: 'api.http',
        token: tampered,
        lens: 'JWT RS256 · expires in 14 min · ✗ bad signature',
        hover: [/\$\(error\) bad signature — Invalid signature\\: it does not verify with prod\\-key\\\./],
      },
      {
        file: 'server.log',
        token: unknownKid,
        lens: 'JWT ES256 · expires in 1 h · ? no key for kid abc',
        hover: [/\$\(question\) no key for kid abc/],
      },
      { file: 'notes.md', token: mux, lens: 'JWT RS256 · expires in 2 h · ✓ signed by prod-key', hover: [/kid prod\\-key/, /"aud": "v"/] },
      {
        file: 'unsigned.txt',
        token: unsigned,
        lens: 'JWT none · expires in 10 min · ⚠ unsigned',
        hover: [/^\$\(warning\) Unsigned .*anyone could have written it/m],
        hoverLacks: [/anyone can forge it/, /unsigned — /],
      },
      {
        file: 'encrypted.yaml',
        token: jwe,
        lens: 'JWE RSA-OAEP A256GCM · 🔒 encrypted',
        hover: [/\*\*JWE RSA\\-OAEP\*\*/, /payload is encrypted/],
      },
    );
    const wrap: Record<string, (token: string) => string> = {
      'tokens.json': (t) => `{\n  "token": "${t}"\n}\n`,
      '.env': (t) => `OLD_TOKEN=${t}\n`,
      'api.http': (t) => `GET https://api.example.com/v1/me\nAuthorization: Bearer ${t}\n`,
      'server.log': (t) => `2026-11-23T10:00:00Z INFO auth=${t} status=200\n`,
      'notes.md': (t) => `# Playback\n\nThe Mux token is \`${t}\`.\n`,
      'unsigned.txt': (t) => `pasted: ${t}\n`,
      'encrypted.yaml': (t) => `session:\n  token: '${t}'\n`,
    };
    for (const fixture of fixtures) {
      await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(folder, fixture.file), Buffer.from(wrap[fixture.file](fixture.token)));
    }
  });

  after(async () => {
    await closeAllEditors();
    (await testHooks()).setClock({ nowSeconds: () => Date.now() / 1000 });
    await vscode.workspace.fs.delete(folder, { recursive: true });
  });

  it('puts one CodeLens on each token with its exact status', async () => {
    for (const fixture of fixtures) {
      assert.deepEqual(await lensTitles(vscode.Uri.joinPath(folder, fixture.file)), [fixture.lens], fixture.file);
    }
  });

  it('hovers lead with expiry and signature, then the claims', async () => {
    for (const fixture of fixtures) {
      const text = await hoverText(vscode.Uri.joinPath(folder, fixture.file), fixture.token);
      for (const pattern of fixture.hover) {
        assert.match(text, pattern, `${fixture.file}: ${text.slice(0, 400)}`);
      }
      for (const pattern of fixture.hoverLacks ?? []) {
        assert.doesNotMatch(text, pattern, `${fixture.file}: ${text.slice(0, 400)}`);
      }
    }
  });

  it('escapes token content: a claim holding a command link stays text', async () => {
    const hostile = await signWith(
      testKeys().rsaPkcs1Pem,
      { sub: '[x](command:jwtLens.deleteKey)', name: '<img src=x onerror=alert(1)>', note: '```\n[y](command:workbench.action.quit)' },
      'RS256',
      { kid: 'prod-key' },
    );
    const uri = vscode.Uri.joinPath(folder, 'hostile.txt');
    await vscode.workspace.fs.writeFile(uri, Buffer.from(`t=${hostile}\n`));
    const text = await hoverText(uri, hostile);
    const outsideFences = text.replace(/^(`{3,})json\n[\s\S]*?\n\1$/gm, '');
    assert.ok(text.includes('[x](command:jwtLens.deleteKey)'), 'the claim is shown, inside a code block');
    assert.ok(!outsideFences.includes('[x](command:'), "outside code blocks the claim's link is escaped");
    assert.ok(!outsideFences.includes('<img'), 'outside code blocks no raw HTML');
    assert.ok(!/^```\n\[y\]/m.test(text), 'the fence cannot be closed by a claim');
    const links = [...outsideFences.matchAll(/\]\((command:[^)?]+)/g)].map((match) => match[1]);
    assert.deepEqual([...new Set(links)].sort(), [
      'command:jwtLens.copyHeader',
      'command:jwtLens.copyPayload',
      'command:jwtLens.editToken',
      'command:jwtLens.openDecoded',
      'command:jwtLens.resignToken',
      'command:jwtLens.verifyToken',
    ]);
  });

  it('limits CodeLens to problem tokens when set to "problems", and turns it off', async () => {
    const config = vscode.workspace.getConfiguration('jwtLens');
    try {
      await config.update('codeLens', 'problems', vscode.ConfigurationTarget.Global);
      assert.deepEqual(await lensTitles(vscode.Uri.joinPath(folder, 'tokens.json')), []);
      assert.deepEqual(await lensTitles(vscode.Uri.joinPath(folder, '.env')), ['JWT RS256 · expired 3 days ago · ✓ signed by prod-key']);
      await config.update('codeLens', 'off', vscode.ConfigurationTarget.Global);
      assert.deepEqual(await lensTitles(vscode.Uri.joinPath(folder, '.env')), []);
    } finally {
      await config.update('codeLens', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('turns off per language through a language-specific setting', async () => {
    const uri = vscode.Uri.joinPath(folder, 'unsigned.txt');
    const config = vscode.workspace.getConfiguration('jwtLens', { languageId: 'plaintext' });
    await config.update('enable', false, vscode.ConfigurationTarget.Global, true);
    try {
      assert.deepEqual(await lensTitles(uri), []);
      assert.equal(await hoverText(uri, fixtures[5].token), '');
      assert.deepEqual(await lensTitles(vscode.Uri.joinPath(folder, 'notes.md')), [fixtures[4].lens], 'other languages keep it');
    } finally {
      await config.update('enable', undefined, vscode.ConfigurationTarget.Global, true);
    }
  });

  it('re-reads statuses when the clock crosses a boundary', async () => {
    const api = await testHooks();
    api.setClock({ nowSeconds: () => NOW + 15 * 60 });
    try {
      assert.deepEqual(await lensTitles(vscode.Uri.joinPath(folder, 'tokens.json')), [
        'JWT RS256 · expired 30 s ago · ✓ signed by prod-key',
      ]);
    } finally {
      api.setClock({ nowSeconds: () => NOW });
    }
  });

  it('refreshes when the key is deleted: the signature becomes unverifiable', async () => {
    const api = await testHooks();
    const key = api.keyStore.find('prod-key')!;
    await run('jwtLens.deleteKey', key.id, { confirm: false });
    try {
      assert.deepEqual(await lensTitles(vscode.Uri.joinPath(folder, 'tokens.json')), [
        'JWT RS256 · expires in 14 min · ? no key for kid prod-key',
      ]);
    } finally {
      await run('jwtLens.addKey', { text: testKeys().rsaPkcs1Pem, kid: 'prod-key', label: 'prod-key' });
    }
  });

  it('opens the decoded view from a CodeLens location, and follows the token when it changes', async () => {
    const uri = vscode.Uri.joinPath(folder, '.env');
    const document = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(document);
    const result = await run<{ time: string; signature: string; payload: Record<string, unknown> }>('jwtLens.openDecoded', {
      uri: uri.toString(),
      offset: document.getText().indexOf('eyJ'),
    });
    assert.deepEqual([result.time, result.signature, result.payload.sub], ['expired 3 days ago', 'valid', 'user-2']);
    const api = await testHooks();
    assert.equal(api.decodedView.current?.verdict.decoded.payload?.sub, 'user-2');
    const fresh = await signWith(testKeys().rsaPkcs1Pem, { sub: 'user-3', exp: NOW + 600 }, 'RS256', { kid: 'prod-key' });
    await editor.edit((edit) => edit.replace(new vscode.Range(0, 0, 0, document.lineAt(0).text.length), `NEW_TOKEN=${fresh}`));
    const followed = await eventually(
      () => (api.decodedView.current?.verdict.decoded.payload?.sub === 'user-3' ? true : undefined),
      3000,
      'the decoded view to follow the edit',
    );
    assert.equal(followed, true);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  it('explains each claim of a Microsoft Entra ID token in the hover, with links, and shows auth_time as a date', async () => {
    const uri = vscode.Uri.joinPath(folder, 'entra.txt');
    const claims = {
      iss: 'https://login.microsoftonline.com/9188040d-6c67-4c5b-b112-36a304b66dad/v2.0',
      ver: '2.0',
      scp: 'User.Read',
      oid: '00000000-0000-0000-66f3-3332eca7ea81',
      tid: '9188040d-6c67-4c5b-b112-36a304b66dad',
      auth_time: NOW - 7200,
      exp: NOW + 600,
    };
    const token = await signWith(testKeys().rsaPkcs1Pem, claims, 'RS256', { kid: 'prod-key' });
    await vscode.workspace.fs.writeFile(uri, Buffer.from(`Authorization: Bearer ${token}\n`));
    try {
      const text = await hoverText(uri, token);
      assert.match(text.split('\n')[0], / · Microsoft Entra ID v2 access token$/);
      const entra = '[spec](https://learn.microsoft.com/en-us/entra/identity-platform/access-token-claims-reference)';
      for (const line of [
        `- \`tid\` \\"9188040d\\-6c67\\-4c5b\\-b112\\-36a304b66dad\\" — Tenant id\\: the directory the user signed in to\\. ${entra}`,
        `- \`scp\` \\"User\\.Read\\" — Delegated scopes \\(permissions\\) granted to the app, space\\-separated\\. ${entra}`,
        '- `auth_time` 2027\\-01\\-15T06\\:00\\:00Z, 2 h ago — When the user last authenticated\\. [spec](https://openid.net/specs/openid-connect-core-1_0.html#IDToken)',
      ]) {
        assert.ok(text.includes(line), `missing ${line} in ${text}`);
      }
    } finally {
      await vscode.workspace.fs.delete(uri);
    }
  });

  it('opens a nested JWT (cty "JWT"): CodeLens and hover judge the inner token under the outer one', async () => {
    const uri = vscode.Uri.joinPath(folder, 'nested.txt');
    const inner = await signWith(testKeys().rsaPkcs1Pem, { sub: 'inner-user', exp: NOW + 20 * 60 }, 'RS256', { kid: 'prod-key' });
    // jose on Web Crypto, so this runs in the web worker suite too (the unit tests build tokens with node:crypto).
    const outerKey = await importPKCS8(testKeys().rsaPkcs8Pem, 'RS256');
    const nested = await new CompactSign(new TextEncoder().encode(inner))
      .setProtectedHeader({ alg: 'RS256', kid: 'prod-key', cty: 'JWT' })
      .sign(outerKey);
    await vscode.workspace.fs.writeFile(uri, Buffer.from(`token=${nested}\n`));
    try {
      assert.deepEqual(await lensTitles(uri), [
        'JWT RS256 › RS256 · expires in 20 min · ✓ signed by prod-key · inner ✓ signed by prod-key',
      ]);
      const text = await hoverText(uri, nested);
      const at = text.indexOf('**Nested token** (cty "JWT")');
      assert.ok(at > 0, text);
      assert.match(text.slice(at), /\$\(verified\) signed by prod\\-key/);
      assert.match(text.slice(at), /"sub": "inner-user"/);
    } finally {
      await vscode.workspace.fs.delete(uri);
    }
  });

  it('decrypts a JWE with the stored key: CodeLens and hover show its claims, marked as decrypted', async () => {
    const uri = vscode.Uri.joinPath(folder, 'decrypt.txt');
    // Made with jose so the web worker suite runs it too; test/unit/core/judge/decrypt.test.ts decrypts JWEs made with node:crypto alone.
    const jwe = await new CompactEncrypt(new TextEncoder().encode(JSON.stringify({ sub: 'decrypted-user', exp: NOW + 15 * 60 })))
      .setProtectedHeader({ alg: 'RSA-OAEP-256', enc: 'A256GCM' })
      .encrypt(await importSPKI(testKeys().rsaSpkiPem, 'RSA-OAEP-256'));
    await vscode.workspace.fs.writeFile(uri, Buffer.from(`session=${jwe}\n`));
    try {
      // Bare claims encrypted to a public key: anyone could have made them, so they are unsigned.
      assert.deepEqual(await lensTitles(uri), [
        'JWE RSA-OAEP-256 A256GCM · expires in 15 min · 🔓 decrypted with prod-key · inner ⚠ unsigned',
      ]);
      const text = await hoverText(uri, jwe);
      assert.match(text, /^\$\(warning\) Decrypted with prod\\-key\\. Not signed/m);
      assert.match(text, /\*\*Decrypted payload\*\* \(with prod\\-key\):/);
      assert.match(text, /"sub": "decrypted-user"/);
      const api = await testHooks();
      const key = api.keyStore.find('prod-key')!;
      assert.equal(api.keysTree.getTreeItem(key).description, 'RSA 2048 · can decrypt');
    } finally {
      await vscode.workspace.fs.delete(uri);
    }
  });

  it("one hover, not two: a lint's text is in its diagnostic only, unless lint diagnostics are off", async () => {
    const uri = vscode.Uri.joinPath(folder, 'no-exp.txt');
    const token = await signWith(testKeys().rsaPkcs1Pem, { sub: 'forever' }, 'RS256', { kid: 'prod-key' });
    await vscode.workspace.fs.writeFile(uri, Buffer.from(`token: ${token}\n`));
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const diagnostic = await eventually(
      () => vscode.languages.getDiagnostics(uri).find((d) => d.source === 'JWT Lens' && (d.code as { value: string }).value === 'no-exp'),
      10_000,
      'the no-exp diagnostic',
    );
    const compact = await hoverText(uri, token);
    assert.match(
      compact,
      /\$\(warning\) Checks: \[no-exp\]\(https:\/\/datatracker\.ietf\.org\/doc\/html\/rfc7519#section-4\.1\.4\) \(in Problems\)/,
    );
    assert.ok(!compact.includes('short-lived'), `the hover repeats the diagnostic "${diagnostic.message}"`);
    const config = vscode.workspace.getConfiguration('jwtLens');
    await config.update('diagnostics.lints', 'off', vscode.ConfigurationTarget.Global);
    try {
      const full = await eventually(async () => {
        const text = await hoverText(uri, token);
        return text.includes('Checks:') ? undefined : text;
      });
      assert.match(full, /\$\(warning\) No \\"exp\\".*Prefer short\\-lived tokens/);
    } finally {
      await config.update('diagnostics.lints', undefined, vscode.ConfigurationTarget.Global);
      await closeAllEditors();
      await vscode.workspace.fs.delete(uri);
    }
  });

  it('verifies with a chosen key and copies the decoded JSON', async () => {
    const token = fixtures[0].token;
    assert.equal((await run<{ status: string }>('jwtLens.verifyToken', token, 'prod-key'))?.status, 'valid');
    const copied = await run<string>('jwtLens.copyDecodedJson', token);
    assert.equal(JSON.parse(copied).payload.sub, 'user-1');
    assert.equal(await vscode.env.clipboard.readText(), copied);
  });
});
