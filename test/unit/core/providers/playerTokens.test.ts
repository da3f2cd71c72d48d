import * as assert from 'node:assert/strict';
import { checkPlayerTokens } from '../../../../src/core/providers/playerTokens';
import { assemble } from '../../../support/tokens';

const NOW = 1_800_000_000;
const mux = (aud: string, sub = 'pb1', exp = NOW + 600) => assemble({ alg: 'RS256', kid: 'k' }, { sub, aud, exp, kid: 'k' });
const codes = (text: string) => checkPlayerTokens(text, NOW).findings.map((finding) => finding.code);
const messages = (text: string) => checkPlayerTokens(text, NOW).findings.map((finding) => finding.message);

describe('checkPlayerTokens (Mux Player cross-check)', () => {
  it('passes a mux-player whose tokens match its playback id and slots', () => {
    const html = `<mux-player playback-id="pb1" playback-token="${mux('v')}" thumbnail-token="${mux('t')}" storyboard-token="${mux('s')}"></mux-player>`;
    assert.deepEqual(codes(html), []);
    assert.equal(checkPlayerTokens(html, NOW).secondsUntilChange, 600);
  });

  it('finds each problem, worded like Mux Player, at the token that has it', () => {
    const wrongSub = mux('v', 'other');
    const html = `<mux-player\n  playback-id="pb1"\n  playback-token="${wrongSub}"\n  thumbnail-token="${mux('v')}"\n  storyboard-token="${mux('s', 'pb1', NOW - 120)}"\n></mux-player>`;
    const { findings } = checkPlayerTokens(html, NOW);
    assert.deepEqual(
      findings.map((f) => [f.code, f.message]),
      [
        ['player-playback-id-mismatch', '403: playback id mismatch: the playback-token is for "other", the player plays "pb1".'],
        ['player-token-aud', '403: the thumbnail-token has "aud" "v"; Mux wants "t" for a thumbnail token.'],
        ['player-token-expired', '403: the storyboard-token expired 2 min ago.'],
      ],
    );
    assert.equal(html.slice(findings[0].start, findings[0].end), wrongSub);
  });

  it('flags a signed player with a missing token: playback as an error, a missing storyboard as one note', () => {
    const { findings } = checkPlayerTokens(`<mux-player playback-id="pb1" thumbnail-token="${mux('t')}"></mux-player>`, NOW);
    assert.deepEqual(
      findings.map((f) => [f.code, f.severity, f.message]),
      [
        ['player-token-missing', 'error', '403: this player has signed tokens but no playback-token: Mux refuses to play it.'],
        ['player-token-missing', 'information', 'No storyboard-token: if this player shows storyboards, Mux refuses them (403).'],
      ],
    );
    assert.equal(findings[0].start, 1);
  });

  it('a player with only a playback-token gets one note for its optional tokens, never a warning', () => {
    const { findings } = checkPlayerTokens(`<mux-player playback-id="pb1" playback-token="${mux('v')}"></mux-player>`, NOW);
    assert.deepEqual(
      findings.map((f) => [f.code, f.severity, f.message]),
      [
        [
          'player-token-missing',
          'information',
          'No thumbnail-token or storyboard-token: if this player shows thumbnails or storyboards, Mux refuses them (403).',
        ],
      ],
    );
  });

  it('three players with only playback tokens, one for another playback id: the mismatch is the one error', () => {
    const page = ['pb1', 'pb2', 'pb3']
      .map((id, n) => `<mux-player playback-id="${id}" playback-token="${mux('v', n === 1 ? 'other' : id)}"></mux-player>`)
      .join('\n');
    const { findings } = checkPlayerTokens(page, NOW);
    assert.deepEqual(
      findings.map((f) => [f.code, f.severity]),
      [
        ['player-token-missing', 'information'],
        ['player-playback-id-mismatch', 'error'],
        ['player-token-missing', 'information'],
        ['player-token-missing', 'information'],
      ],
    );
  });

  it('reads JSX props, string expressions and tokens={{ … }}', () => {
    const jsx = `export const P = () => <MuxPlayer playbackId={"pb1"} tokens={{ playback: "${mux('v')}", thumbnail: '${mux('g')}', storyboard: \`${mux('s')}\` }} />;`;
    assert.deepEqual(messages(jsx), ['403: the thumbnail-token has "aud" "g"; Mux wants "t" for a thumbnail token.']);
    const props = `<MuxPlayer playbackId="pb2" playbackToken={'${mux('v')}'} thumbnailToken="${mux('t', 'pb2')}" storyboardToken="${mux('s', 'pb2')}" />`;
    assert.deepEqual(codes(props), ['player-playback-id-mismatch']);
  });

  it('checks a DRM token for aud d, and does not ask for one when absent', () => {
    const html = `<mux-player playback-id="pb1" playback-token="${mux('v')}" thumbnail-token="${mux('t')}" storyboard-token="${mux('s')}" drm-token="${mux('v')}"></mux-player>`;
    assert.deepEqual(messages(html), ['403: the drm-token has "aud" "v"; Mux wants "d" for a DRM token.']);
  });

  it('leaves bound values alone (Vue :attr, Svelte {expr}, JSX variables, template literals with ${})', () => {
    const table = [
      `<mux-player :playback-id="id" :playback-token="token"></mux-player>`,
      `<mux-player playback-id={id} playback-token="{token}"></mux-player>`,
      `<MuxPlayer playbackId={video.id} tokens={{ playback: token }} />`,
      '<MuxPlayer playbackId={`${id}`} playbackToken={`${t}`} />',
      '<mux-player playback-id="pb1"></mux-player>',
      '<mux-player-extra playback-token="junk">',
    ];
    for (const text of table) {
      assert.deepEqual(codes(text), [], text);
    }
  });

  it('compares a Vue bound playback id with nothing but still checks a literal token', () => {
    assert.deepEqual(
      codes(`<mux-player :playback-id="id" playback-token="${mux('s')}" thumbnail-token="${mux('t')}" storyboard-token="${mux('s')}"/>`),
      ['player-token-aud'],
    );
  });

  it('says so when a token attribute holds something that is not a JWT', () => {
    const table: Array<[string, RegExp]> = [
      ['not-a-token', /The playback token is not a readable JWT: /],
      ['a.b.c', /The playback token is not a readable JWT: /],
    ];
    for (const [value, message] of table) {
      const [finding] = checkPlayerTokens(`<mux-player playback-id="pb1" playback-token="${value}"></mux-player>`, NOW).findings;
      assert.equal(finding.code, 'player-token-unreadable');
      assert.match(finding.message, message);
    }
  });

  it('checks <fastpix-player token> against media:<playback-id>', () => {
    const fastpix = (aud: string, exp = NOW + 60) => assemble({ alg: 'RS256' }, { kid: 'k', aud, iss: 'fastpix.io', exp });
    assert.deepEqual(codes(`<fastpix-player playback-id="m1" token="${fastpix('media:m1')}"></fastpix-player>`), []);
    assert.deepEqual(messages(`<fastpix-player playback-id="m1" token="${fastpix('media:m2')}"></fastpix-player>`), [
      '403: playback id mismatch: the token\'s "aud" is "media:m2", the player plays "media:m1".',
    ]);
    assert.deepEqual(codes(`<fastpix-player playback-id="m1" token="${fastpix('media:m1', NOW - 5)}">`), ['player-token-expired']);
  });

  it('shows a hostile <fastpix-player playback-id> in the message as the Mux branch does: quoted, one line, escaped, capped', () => {
    const token = assemble({ alg: 'RS256' }, { kid: 'k', aud: 'media:m1', iss: 'fastpix.io', exp: NOW + 60 });
    const hostile = `x\u202Eevil\nline two ${'A'.repeat(2000)}`;
    const [message] = messages(`<fastpix-player playback-id="${hostile}" token="${token}"></fastpix-player>`);
    assert.equal(
      message,
      '403: playback id mismatch: the token\'s "aud" is "media:m1", the player plays "media:x\\u202Eevil\\nline two AAAAAAAAAA….',
    );
  });

  it('stays bounded on an unterminated tag and many elements', () => {
    const unterminated = `<mux-player playback-id="pb1" playback-token="${mux('v', 'x')}" ${'{'.repeat(10_000)}`;
    assert.deepEqual(codes(unterminated), ['player-playback-id-mismatch', 'player-token-missing']);
    const many = '<mux-player playback-id="a" playback-token="junk">'.repeat(5000);
    // 1000 elements read, two findings each (unreadable token, the note on missing ones); the rest are not read.
    assert.equal(checkPlayerTokens(many, NOW).findings.length, 2000);
  });

  it('reads unterminated tags in linear time: regex work bounded by the text length, not tags × text', () => {
    // Each unterminated tag used to be read to its 64 KB limit with a regex at every character.
    const adversarial = '<mux-player '.repeat(1000) + '#'.repeat(64 * 1024);
    const larger = '<mux-player '.repeat(1000) + `<MuxPlayer a={${'"'.repeat(2)}` + '#'.repeat(1024 * 1024);
    for (const text of [adversarial, larger]) {
      const executions = countRegexExecutions(text.length * 2, () => checkPlayerTokens(text, NOW));
      assert.ok(executions <= text.length * 2, `${executions} regex executions for ${text.length} characters`);
    }
  });

  it('stops a tag at the next player element but reads JSX expressions holding "<"', () => {
    const token = mux('v', 'x');
    assert.deepEqual(codes(`<mux-player playback-id="pb1" <mux-player playback-id="pb1" playback-token="${token}">`), [
      'player-playback-id-mismatch',
      'player-token-missing',
    ]);
    const jsx = `<MuxPlayer playbackId="pb1" onError={(e) => e.code < 3} playbackToken="${token}" />`;
    assert.deepEqual(codes(jsx), ['player-playback-id-mismatch', 'player-token-missing']);
  });
});

/** How many times any regular expression runs during `fn` (exec, test, matchAll, replace all call exec); throws past `budget`. */
function countRegexExecutions(budget: number, fn: () => unknown): number {
  const exec = RegExp.prototype.exec;
  let count = 0;
  RegExp.prototype.exec = function (this: RegExp, input: string) {
    if (++count > budget) {
      throw new Error(`more than ${budget} regex executions`);
    }
    return exec.call(this, input);
  };
  try {
    fn();
  } finally {
    RegExp.prototype.exec = exec;
  }
  return count;
}
