import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { STATUS_LIFETIME_MS } from '../../src/calls/lifetime';
import type { ConnectionsTree } from '../../src/tree/connectionsTree';
import { startSimulator } from '../simulator/index';
import { clientStateAs } from '../simulator/modes';
import { useSimulator, waitFor } from './helpers';

const OUR_COMMANDS = [
  'telnyx.openCallDetails',
  'telnyx.showCallEvents',
  'telnyx.copyText',
  'telnyx.copyAsCurl',
  'telnyx.revealCall',
  'telnyx.setApiKey',
  'telnyx.switchAccount',
];

interface HoverText {
  text: string;
  trusted: unknown;
}

async function hoversAt(doc: vscode.TextDocument, needle: string, into = 4): Promise<HoverText[]> {
  const at = doc.getText().indexOf(needle);
  assert.ok(at >= 0, `"${needle}" is in the document`);
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
    'vscode.executeHoverProvider',
    doc.uri,
    doc.positionAt(at + into),
  );
  return hovers.flatMap((hover) =>
    hover.contents.map((content) =>
      typeof content === 'string'
        ? { text: content, trusted: undefined }
        : 'value' in content
          ? { text: content.value, trusted: (content as vscode.MarkdownString).isTrusted }
          : { text: '', trusted: undefined },
    ),
  );
}

async function hoverText(doc: vscode.TextDocument, needle: string): Promise<string> {
  return (await hoversAt(doc, needle)).map((h) => h.text).join('\n---\n');
}

async function logDocument(lines: string[]): Promise<vscode.TextDocument> {
  return vscode.workspace.openTextDocument({ language: 'log', content: lines.join('\n') });
}

/** Markdown escapes only punctuation: compare with the escaping undone. */
function plain(markdown: string): string {
  return markdown.replace(/\\([\\`*_{}[\]()#+\-.!|<>~&"':$=])/g, '$1');
}

describe('hover on a call_control_id', () => {
  const env = useSimulator({ seed: 3 });
  // The Connections tree may poll active calls meanwhile: count only what a hover could ask for.
  const callRequests = (): number =>
    env.sim.requests.filter((r) => r.endpoint === 'call_status' || r.endpoint === 'call_events').length;
  const statusRequests = (id: string): number =>
    env.sim.requests.filter((r) => r.endpoint === 'call_status' && decodeURIComponent(r.path).endsWith(`/calls/${id}`))
      .length;

  // Telnyx: Refresh forgets the statuses kept: each test's first hover reads its call.
  beforeEach(() => vscode.commands.executeCommand('telnyx.refresh'));

  it('shows an alive call: state, leg and session ids, and our command links', async () => {
    const id = env.sim.seed.aliveCallControlId;
    const status = env.sim.state.callStatus(id);
    assert.ok(status);
    const doc = await logDocument([`2025-05-01T12:00:00Z INFO call.answered call_control_id=${id} to=+13125550100`]);
    const [hover] = await hoversAt(doc, id);
    assert.ok(hover, 'a hover is shown');
    const text = plain(hover.text);
    assert.match(text, /Alive/);
    assert.ok(text.includes(status.call_leg_id), 'leg id shown');
    assert.ok(text.includes(status.call_session_id), 'session id shown');
    assert.match(text, /Duration: /);
    for (const link of ['Open call details', 'Show events', 'Copy as cURL', 'Copy'])
      assert.ok(text.includes(`[${link}](command:`), `link ${link}`);
    assert.ok(hover.text.includes(`command:telnyx.openCallDetails?${encodeURIComponent(JSON.stringify([id]))}`));
    assert.deepEqual(hover.trusted, { enabledCommands: OUR_COMMANDS }, 'trusts only our own commands');
    assert.equal(statusRequests(id), 1);
  });

  it('offers "Reveal in tree" only once the call\'s connection is known', async () => {
    // An ended call is in no active-calls list, so the tree cannot learn its connection meanwhile.
    const id = env.sim.seed.recentlyEndedCallControlId;
    const doc = await logDocument([`"call_control_id": "${id}"`]);
    env.api.services.calls.forgetConnection(id);
    assert.doesNotMatch(plain(await hoverText(doc, id)), /Reveal in tree/);
    env.api.services.calls.rememberConnection(id, env.sim.seed.mainConnectionId);
    try {
      assert.match(plain(await hoverText(doc, id)), /\[Reveal in tree\]\(command:telnyx\.revealCall/);
    } finally {
      env.api.services.calls.forgetConnection(id);
    }
  });

  it('shows an ended call with its end time, and a ringing call as ringing, not ended', async () => {
    const ended = env.sim.seed.recentlyEndedCallControlId;
    const ringing = env.sim.seed.ringingCallControlId;
    const doc = await vscode.workspace.openTextDocument({
      language: 'json',
      content: JSON.stringify({ a: ended, b: ringing }, null, 2),
    });
    const endedText = plain(await hoverText(doc, ended));
    assert.match(endedText, /Ended/);
    assert.match(endedText, /Ended: \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC/);
    const ringingText = plain(await hoverText(doc, ringing));
    assert.match(ringingText, /Ringing/);
    assert.doesNotMatch(ringingText, /Ended/);
  });

  it('says once what happened to a gone status and to an invalid id, then what to do, in the hover', async () => {
    const gone = env.sim.seed.goneCallControlId;
    const invalid = `v9:${'Q'.repeat(40)}`;
    const doc = await logDocument([`gone ${gone}`, `bad ${invalid}`]);
    const goneText = plain(await hoverText(doc, gone));
    assert.match(goneText, /Telnyx no longer has a status for this call \(HTTP 404, 10005\)\./);
    // Said once: no "Telnyx: Telnyx …" prefix, one code, one 10-minute explanation.
    assert.doesNotMatch(goneText, /Telnyx: /);
    assert.equal(goneText.match(/10005/g)?.length, 1, goneText);
    assert.equal(goneText.match(/10 minutes/g)?.length, 1, goneText);
    assert.ok(goneText.includes('[Open call details](command:telnyx.openCallDetails'));
    const invalidText = plain(await hoverText(doc, invalid));
    assert.match(invalidText, /Telnyx no longer has a status for this call \(HTTP 422, 90015\)\./);
  });

  it('says when client_state was sent as plain text or its base64 was cut short', async () => {
    const asPlain = env.sim.state.startCall(env.sim.seed.mainConnectionId, {
      clientState: clientStateAs('plain', { agent: 'ana' }),
    });
    const asCut = env.sim.state.startCall(env.sim.seed.mainConnectionId, {
      clientState: clientStateAs('truncated', { agent: 'bo' }),
    });
    const asBase64 = env.sim.state.startCall(env.sim.seed.mainConnectionId, {
      clientState: clientStateAs('base64', { agent: 'cy' }),
    });
    const doc = await logDocument([
      `plain ${asPlain.call_control_id}`,
      `cut ${asCut.call_control_id}`,
      `whole ${asBase64.call_control_id}`,
    ]);
    assert.ok(
      plain(await hoverText(doc, asPlain.call_control_id)).includes(
        'client_state (sent as plain text, not base64): {"agent":"ana"}',
      ),
    );
    assert.ok(
      plain(await hoverText(doc, asCut.call_control_id)).includes(
        'client_state (decoded; the base64 was cut short): {"agent":"bo"',
      ),
    );
    assert.ok(plain(await hoverText(doc, asBase64.call_control_id)).includes('client_state (decoded): {"agent":"cy"}'));
  });

  it('renders a client_state that decodes to a command link as inert text', async () => {
    const evil = '[x](command:workbench.action.terminal.new)';
    const call = env.sim.state.startCall(env.sim.seed.mainConnectionId, {
      clientState: Buffer.from(evil).toString('base64'),
    });
    const doc = await logDocument([`state check ${call.call_control_id}`]);
    const [hover] = await hoversAt(doc, call.call_control_id);
    assert.ok(hover);
    assert.ok(plain(hover.text).includes(`client_state (decoded): ${evil}`), 'the decoded text is shown as it is');
    assert.ok(!hover.text.includes('](command:workbench'), 'no link to a workbench command');
    assert.ok(hover.text.includes('\\[x\\]\\(command\\:workbench'), 'brackets and parentheses are escaped');
    assert.deepEqual(hover.trusted, { enabledCommands: OUR_COMMANDS });
  });

  it('gives a labelled call_leg_id / call_session_id UUID a "Show events" hover without any request', async () => {
    const status = env.sim.state.callStatus(env.sim.seed.aliveCallControlId);
    assert.ok(status);
    const doc = await logDocument([
      `{"call_leg_id": "${status.call_leg_id}"}`,
      `call_session_id=${status.call_session_id}`,
    ]);
    env.sim.clearRequests();
    const leg = await hoverText(doc, status.call_leg_id);
    assert.ok(
      leg.includes(
        `command:telnyx.showCallEvents?${encodeURIComponent(JSON.stringify([{ legId: status.call_leg_id }]))}`,
      ),
    );
    const session = await hoverText(doc, status.call_session_id);
    assert.ok(
      session.includes(
        `command:telnyx.showCallEvents?${encodeURIComponent(JSON.stringify([{ sessionId: status.call_session_id }]))}`,
      ),
    );
    assert.equal(callRequests(), 0);
  });

  it('works in a document of any scheme, read from memory', async () => {
    const id = env.sim.seed.aliveCallControlId;
    const provider = vscode.workspace.registerTextDocumentContentProvider('telnyx-test', {
      provideTextDocumentContent: () => `virtual ${id}`,
    });
    try {
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse('telnyx-test:/virtual/calls.txt'));
      assert.match(plain(await hoverText(doc, id)), /Alive/);
    } finally {
      provider.dispose();
    }
  });

  it('makes no request and shows no hover when telnyx.hover.enabled is false', async () => {
    const id = env.sim.seed.aliveCallControlId;
    const doc = await logDocument([id]);
    const config = vscode.workspace.getConfiguration('telnyx');
    await config.update('hover.enabled', false, vscode.ConfigurationTarget.Global);
    try {
      await waitFor(() => env.api.services.apiAccess.settings().hoverEnabled === false, 5000, 'hover.enabled false');
      env.sim.clearRequests();
      assert.equal(await hoverText(doc, id), '');
      assert.equal(callRequests(), 0);
    } finally {
      await config.update('hover.enabled', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('without a key makes no request and says how to set one', async () => {
    const id = env.sim.seed.aliveCallControlId;
    const doc = await logDocument([id]);
    await env.api.services.apiAccess.clearKey();
    try {
      await waitFor(async () => (await env.api.services.apiAccess.resolveKey()) === undefined, 5000, 'no key');
      env.sim.clearRequests();
      const text = await hoverText(doc, id);
      assert.ok(text.includes('](command:telnyx.setApiKey)'), text);
      assert.equal(callRequests(), 0);
    } finally {
      await env.api.services.apiAccess.storeKey(env.sim.apiKey);
      await waitFor(async () => (await env.api.services.apiAccess.resolveKey())?.source === 'secret', 5000, 'key back');
    }
  });

  it('after a change to another account\'s key, shows neither the status kept for the first account nor "Reveal in tree"', async () => {
    const calls = env.api.services.calls;
    // An earlier test cleared and restored the key: the directory and the tree follow that change
    // asynchronously, and a late arrival would start afresh after this test listed its call.
    await waitFor(() => calls.account !== undefined, 10_000, 'the directory to know the account');
    const main = env.sim.seed.mainConnectionId;
    const id = env.sim.state.startCall(main).call_control_id;
    // The tree lists the call under account A (as it does when its connection is expanded).
    const list = (env.api.tree as ConnectionsTree).model.callsOf(main);
    await list.ensureStarted();
    await list.refresh({ manual: true });
    await waitFor(() => calls.connectionOf(id) === main, 10_000, 'the tree to report the call');
    const doc = await logDocument([`call.answered ${id}`]);
    const underA = plain(await hoverText(doc, id));
    assert.match(underA, /Alive/);
    assert.match(underA, /\[Reveal in tree\]\(command:telnyx\.revealCall/);

    const accountA = calls.account;
    // Account B: another key, which this simulator does not know (it answers 401).
    await env.api.services.apiAccess.storeKey(`KEYB${'0'.repeat(24)}_another_account`);
    try {
      await waitFor(() => calls.account !== accountA, 10_000, 'the call directory to hear of the new key');
      env.sim.clearRequests();
      const underB = plain(await hoverText(doc, id));
      assert.doesNotMatch(underB, /Alive/, "account A's kept status is not shown");
      assert.doesNotMatch(underB, /Reveal in tree/, 'no "Reveal in tree" for account A\'s call');
      assert.match(underB, /Set API Key/, "account B's own answer: its key is refused");
      assert.equal(statusRequests(id), 1, 'account B asked Telnyx itself');
      assert.equal(await vscode.commands.executeCommand<boolean>('telnyx.revealCall', id), false);
    } finally {
      await env.api.services.apiAccess.storeKey(env.sim.apiKey);
      await waitFor(() => calls.account === accountA, 10_000, 'account A back');
    }
  });

  it(
    'a call the account in use does not know: "not found under" that account, and Switch ' +
      'Account when there are several',
    async function () {
      this.timeout(60_000);
      const access = env.api.services.apiAccess;
      const calls = env.api.services.calls;
      const first = access.account();
      assert.ok(first);
      const callA = env.sim.state.startCall(env.sim.seed.mainConnectionId).call_control_id;
      const doc = await logDocument([`call.answered ${callA}`]);
      const simB = await startSimulator({ seed: 31, apiKey: `KEYB${'3'.repeat(28)}` });
      const accountA = calls.account;
      const bravo = await access.accounts.add({ name: 'Bravo', key: simB.apiKey, baseUrl: simB.url });
      try {
        await waitFor(
          () => access.account()?.name === 'Bravo' && calls.account !== undefined && calls.account !== accountA,
          10_000,
          'Bravo in use',
        );
        const text = plain(await hoverText(doc, callA));
        assert.match(
          text,
          /Not found under Bravo \(HTTP 404, 10005\): Telnyx has no status for this call under this account\./,
        );
        assert.doesNotMatch(text, /no longer has a status/);
        assert.match(text, /\[Switch Account\]\(command:telnyx\.switchAccount\)/);
        assert.ok(
          simB.requests.some(
            (r) => r.endpoint === 'call_status' && decodeURIComponent(r.path).endsWith(`/calls/${callA}`),
          ),
          "Bravo's server was asked",
        );
      } finally {
        await access.accounts.remove(bravo.id);
        await vscode.commands.executeCommand('telnyx.switchAccount', first.name);
        await waitFor(
          async () =>
            access.account()?.id === first.id &&
            (await access.resolveKey())?.key === env.sim.apiKey &&
            calls.account === accountA,
          10_000,
          'the first account back',
        );
        await simB.close();
      }
      // Back under the first account, the only one again: its call, and nothing to switch to.
      await vscode.commands.executeCommand('telnyx.refresh');
      const alone = plain(await hoverText(doc, callA));
      assert.match(alone, /Alive/);
      assert.doesNotMatch(alone, /Switch Account/);
    },
  );

  it('20 concurrent hovers make 1 request, none while the status is kept, one more after it', async () => {
    const id = env.sim.seed.aliveCallControlId;
    const doc = await logDocument([id]);
    env.sim.clearRequests();
    const texts = await Promise.all(Array.from({ length: 20 }, () => hoverText(doc, id)));
    assert.ok(
      texts.every((t) => /Alive/.test(t)),
      'every hover shows the status',
    );
    assert.equal(statusRequests(id), 1);
    await hoverText(doc, id);
    assert.equal(statusRequests(id), 1, "within the 2 s an alive call's status is kept");
    // Past the lifetime (the unit tests of src/calls check the boundaries with their own clock).
    await new Promise((resolve) => setTimeout(resolve, STATUS_LIFETIME_MS.alive + 200));
    await hoverText(doc, id);
    assert.equal(statusRequests(id), 2, 'after it, one more');
  });

  it("an ended call's status is kept longer than an alive one's", async () => {
    const alive = env.sim.seed.aliveCallControlId;
    const ended = env.sim.seed.recentlyEndedCallControlId;
    const doc = await logDocument([alive, ended]);
    env.sim.clearRequests();
    await hoverText(doc, alive);
    await hoverText(doc, ended);
    await new Promise((resolve) => setTimeout(resolve, STATUS_LIFETIME_MS.alive + 200));
    await hoverText(doc, alive);
    await hoverText(doc, ended);
    assert.equal(statusRequests(alive), 2, 'alive: read again');
    assert.equal(statusRequests(ended), 1, 'ended: still kept');
  });
});
