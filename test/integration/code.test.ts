// The code features in a real VS Code: event names completed, checked, fixed and explained in handler
// files; lenses over handler branches from calls read by a call panel (from the simulator); the check
// of a hard-coded API key, its quick fixes, and that the key shows up in no message, log line or
// notification.
import * as assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { CallEvent } from '../../src/telnyx/types';
import { eventKey } from '../../src/timeline/model';
import { DOCTOR_SCENARIOS } from '../simulator/doctorScenarios';
import { useSimulator, waitFor } from './helpers';
import { closeAllPanels, report } from './panelHelpers';

/** A key of the shape Telnyx issues (KEY, 32 upper-case hex digits, _, 22 characters). The simulator accepts it. */
const KEY = `KEY0190AB12CD34EF5678901234ABCDEF56_aB3dE5gH7jK9mN1pQ3sT5v`;

const HANDLER = [
  `import Telnyx from 'telnyx';`,
  `// 'call.hangedup' in a comment is not checked`,
  `export function onWebhook(event) {`,
  `  switch (event.data.event_type) {`,
  `    case 'call.initiated':`,
  `      break;`,
  `    case 'call.hangedup':`,
  `      break;`,
  `    case 'call.hangup':`,
  `      break;`,
  `  }`,
  `  if (event.data.event_type === 'call_answered') {}`,
  `  if (event.data.payload.hangup_cause === 'busy') {}`,
  `  log('call.whatever');`,
  `}`,
].join('\n');

const FILE_ENDINGS: Record<string, string> = {
  plaintext: 'txt',
  python: 'py',
  typescript: 'ts',
  javascript: 'js',
  ruby: 'rb',
  yaml: 'yaml',
};
let folder: string | undefined;
let opened = 0;

/**
 * A new file of that language with that text, open in an editor. Files, as a handler is: an untitled
 * document opened with text can be handed a closed one of the same untitled name, with the old text.
 */
async function openDocument(content: string, language: string): Promise<vscode.TextDocument> {
  folder ??= mkdtempSync(join(tmpdir(), 'telnyx-code-test-'));
  const file = join(folder, `handler${++opened}.${FILE_ENDINGS[language] ?? 'txt'}`);
  writeFileSync(file, content);
  const document = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
  assert.equal(document.languageId, language, `${file} opens as ${language}`);
  await vscode.window.showTextDocument(document);
  return document;
}

function positionAfter(document: vscode.TextDocument, text: string): vscode.Position {
  const at = document.getText().indexOf(text);
  assert.ok(at >= 0, `${text} not in: ${JSON.stringify(document.getText())}`);
  return document.positionAt(at + text.length);
}

const ours = (document: vscode.TextDocument): vscode.Diagnostic[] =>
  vscode.languages.getDiagnostics(document.uri).filter((d) => d.source === 'Telnyx');

async function diagnosticsOf(document: vscode.TextDocument, count: number): Promise<vscode.Diagnostic[]> {
  return waitFor(
    () => (ours(document).length === count ? ours(document) : undefined),
    10_000,
    `${count} Telnyx diagnostics`,
  );
}

async function quickFixes(document: vscode.TextDocument, range: vscode.Range): Promise<vscode.CodeAction[]> {
  const actions =
    (await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      document.uri,
      range,
    )) ?? [];
  return actions.filter((a) => a.kind?.value === vscode.CodeActionKind.QuickFix.value);
}

async function completionLabels(
  document: vscode.TextDocument,
  position: vscode.Position,
): Promise<vscode.CompletionItem[]> {
  const list = await vscode.commands.executeCommand<vscode.CompletionList>(
    'vscode.executeCompletionItemProvider',
    document.uri,
    position,
    '.',
  );
  return list.items;
}

const labelOf = (item: vscode.CompletionItem): string =>
  typeof item.label === 'string' ? item.label : item.label.label;

async function lensesOf(document: vscode.TextDocument): Promise<vscode.CodeLens[]> {
  return (
    (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri, 100)) ?? []
  );
}

/**
 * Closes the test's documents without saving (a dirty untitled editor would ask first): every text tab,
 * not only the visible editors, since a document left open in a background tab is handed back to a later
 * `openTextDocument` of the same untitled name.
 */
async function closeEditors(): Promise<void> {
  for (let i = 0; i < 50; i++) {
    const tab = vscode.window.tabGroups.all
      .flatMap((group) => group.tabs)
      .find((t) => t.input instanceof vscode.TabInputText);
    if (!tab) return;
    await vscode.window.showTextDocument((tab.input as vscode.TabInputText).uri);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  }
}

describe('code features: loaded only when a file of their languages opens', () => {
  it('dist/code.js is not loaded before, and is after', async () => {
    const loaded = () => Object.keys(require.cache).some((path) => /[\\/]dist[\\/]code\.js$/.test(path));
    await openDocument('nothing here', 'plaintext');
    assert.equal(loaded(), false, 'not loaded for a plain text file');
    await openDocument(`import telnyx`, 'python');
    await waitFor(loaded, 5_000, 'dist/code.js to load');
    await closeEditors();
  });
});

describe('code features: event names', function () {
  this.timeout(60_000);
  afterEach(closeEditors);

  it('completes Call Control webhook names inside a string literal, with title and payload fields', async () => {
    const document = await openDocument(`// telnyx\nif (type === 'call.') {}`, 'typescript');
    const items = await completionLabels(document, positionAfter(document, `'call.`));
    const answered = items.find((i) => labelOf(i) === 'call.answered');
    assert.ok(answered, items.map(labelOf).join(', '));
    assert.equal(answered.detail, 'Call Answered');
    const hangup = items.find((i) => labelOf(i) === 'call.hangup');
    assert.match((hangup?.documentation as vscode.MarkdownString).value, /hangup_cause/);
    assert.ok(!items.some((i) => labelOf(i) === 'call.ringing'), 'no event Telnyx does not send');
  });

  it('offers nothing outside string literals, in comments, or in files that never mention Telnyx', async () => {
    const document = await openDocument(`// telnyx call.\nconst x = call.`, 'javascript');
    const inComment = await completionLabels(document, positionAfter(document, `telnyx call.`));
    const inCode = await completionLabels(document, positionAfter(document, `const x = call.`));
    assert.ok(![...inComment, ...inCode].some((i) => labelOf(i) === 'call.answered'));
    const other = await openDocument(`if (type === 'call.') {}`, 'javascript');
    assert.ok(
      !(await completionLabels(other, positionAfter(other, `'call.`))).some((i) => labelOf(i) === 'call.answered'),
    );
  });

  it('completes hangup causes after hangup_cause ==', async () => {
    const document = await openDocument(`import telnyx\nif payload["hangup_cause"] == "":\n    pass`, 'python');
    const items = await completionLabels(document, positionAfter(document, `== "`));
    assert.deepEqual(
      items
        .filter((i) => i.kind === vscode.CompletionItemKind.EnumMember)
        .map(labelOf)
        .sort(),
      [
        'call_rejected',
        'no_answer',
        'normal_clearing',
        'not_found',
        'originator_cancel',
        'time_limit',
        'timeout',
        'unspecified',
        'user_busy',
      ],
    );
  });

  it('warns about names and causes Telnyx never sends, and each quick fix writes the real one', async () => {
    const document = await openDocument(HANDLER, 'javascript');
    const diagnostics = await diagnosticsOf(document, 3);
    assert.deepEqual(
      diagnostics.map((d) => document.getText(d.range)),
      ['call.hangedup', 'call_answered', 'busy'],
    );
    assert.match(diagnostics[0].message, /"call\.hangedup" is not an event Telnyx sends.*"call\.hangup"/);
    assert.match(diagnostics[1].message, /v1 .*"call\.answered"/);
    assert.match(diagnostics[2].message, /hangup_cause "busy".*"user_busy"/);
    assert.ok(diagnostics.every((d) => d.severity === vscode.DiagnosticSeverity.Warning));

    for (const [value, fix] of [
      ['call.hangedup', 'call.hangup'],
      ['call_answered', 'call.answered'],
      ['busy', 'user_busy'],
    ]) {
      const diagnostic = ours(document).find((d) => document.getText(d.range) === value);
      assert.ok(diagnostic, value);
      const action = (await quickFixes(document, diagnostic.range)).find((a) => a.title === `Change to "${fix}"`);
      assert.ok(action?.edit, `the fix of ${value}`);
      assert.ok(await vscode.workspace.applyEdit(action.edit));
    }
    assert.equal(
      document.getText(),
      HANDLER.replace(`case 'call.hangedup'`, `case 'call.hangup'`)
        .replace(`=== 'call_answered'`, `=== 'call.answered'`)
        .replace(`=== 'busy'`, `=== 'user_busy'`),
    );
    await diagnosticsOf(document, 0);
  });

  it('no warning in a file that never mentions Telnyx', async () => {
    const document = await openDocument(HANDLER.replace(`import Telnyx from 'telnyx';`, ''), 'javascript');
    // The check ran (a Python file opened after it is checked) and found nothing to say here.
    const other = await openDocument(`import telnyx\nif t == "call.hangedup":\n    pass`, 'python');
    await diagnosticsOf(other, 1);
    assert.deepEqual(ours(document), []);
  });

  it('the checks follow telnyx.code.eventNames', async () => {
    const document = await openDocument(HANDLER, 'javascript');
    await diagnosticsOf(document, 3);
    const config = vscode.workspace.getConfiguration('telnyx.code');
    await config.update('eventNames', false, vscode.ConfigurationTarget.Global);
    try {
      await diagnosticsOf(document, 0);
      assert.ok(
        !(await completionLabels(document, positionAfter(document, `'call.`))).some(
          (i) => labelOf(i) === 'call.answered',
        ),
      );
    } finally {
      await config.update('eventNames', undefined, vscode.ConfigurationTarget.Global);
    }
    await diagnosticsOf(document, 3);
  });

  it('hover on an event name shows its title and payload fields', async () => {
    const document = await openDocument(HANDLER, 'javascript');
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      document.uri,
      positionAfter(document, `case 'call.hangu`),
    );
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /Call Hangup/);
    assert.match(text, /`hangup_cause` — The reason the call was ended/);
    assert.match(text, /OpenAPI spec/);
  });
});

describe('code features: handler lenses', function () {
  this.timeout(90_000);
  const env = useSimulator({ seed: 4 });
  afterEach(async () => {
    await closeAllPanels();
    await closeEditors();
  });

  const handler = [
    `const telnyx = require('telnyx');`,
    `switch (type) {`,
    `  case 'call.hangup':`,
    `    break;`,
    `  case 'call.dtmf.received':`,
    `    break;`,
    `}`,
  ].join('\n');
  const titles = (lenses: vscode.CodeLens[]): string[] => lenses.map((l) => l.command?.title ?? '');

  it(
    'a quiet "not seen yet" before any call with the event was read; what a call panel read ' +
      'once it was; a click opens that call on the event',
    async () => {
      env.api.services.seenEvents.clear();
      const document = await openDocument(handler, 'javascript');
      const before = await lensesOf(document);
      assert.equal(before.length, 2);
      assert.ok(
        titles(before).every((t) => /not seen yet/.test(t)),
        titles(before).join(' | '),
      );
      assert.ok(
        before.every((l) => !l.command?.command),
        'nothing to open yet',
      );

      // A person opens the call of the late speak (speak sent after the hangup) in a call panel.
      const events = env.sim.state.events({ sessionId: DOCTOR_SCENARIOS.lateSpeak });
      const hangup = events.find((e) => e.name === 'call.hangup' && e.type === 'webhook');
      assert.ok(hangup);
      const callControlId = (hangup.metadata as { payload?: { call_control_id?: string } }).payload?.call_control_id;
      assert.ok(callControlId);
      await vscode.commands.executeCommand('telnyx.openCallDetails', {
        callControlId,
        legId: hangup.call_leg_id,
        sessionId: hangup.call_session_id,
      });
      const panel = await waitFor(() => env.api.callDetails.panelOfCall(callControlId), 10_000, 'the panel');
      await report(panel, (r) => r.eventCount === events.length && r.progress.phase === 'idle', 'the timeline');

      const after = await waitFor(
        async () => {
          const lenses = await lensesOf(document);
          return /in the last hour/.test(titles(lenses)[0]) ? lenses : undefined;
        },
        10_000,
        'the lens to show what the panel read',
      );
      assert.match(titles(after)[0], /^\$\(pulse\) \d+ in the last hour \(1 seen\)/);
      assert.match(titles(after)[0], /1 call: speak after hangup/);
      assert.match(titles(after)[1], /not seen yet/, 'the session had no DTMF');

      await closeAllPanels();
      const lens = after[0];
      assert.equal(lens.command?.command, 'telnyx.openCallDetails');
      await vscode.commands.executeCommand(lens.command.command, ...(lens.command.arguments ?? []));
      const reopened = await waitFor(
        () => env.api.callDetails.panelOfCall(callControlId),
        10_000,
        'the panel opened by the lens',
      );
      await waitFor(() => reopened.selectedEvent, 15_000, 'the event to be selected');
      assert.equal(reopened.selectedEvent, eventKey(hangup as CallEvent));
    },
  );

  it('the lenses follow telnyx.code.handlerLenses', async () => {
    const document = await openDocument(handler, 'javascript');
    assert.equal((await lensesOf(document)).length, 2);
    const config = vscode.workspace.getConfiguration('telnyx.code');
    await config.update('handlerLenses', false, vscode.ConfigurationTarget.Global);
    try {
      assert.equal((await lensesOf(document)).length, 0);
    } finally {
      await config.update('handlerLenses', undefined, vscode.ConfigurationTarget.Global);
    }
  });
});

describe('code features: hard-coded API keys', function () {
  this.timeout(60_000);
  let added: string | undefined;
  let accounts: ReturnType<typeof useSimulator>['api']['services']['apiAccess']['accounts'] | undefined;
  // Registered before useSimulator's own `after`, so it runs first: the account this suite added goes
  // (the first account is in use again), then useSimulator clears the first account's key as it promises.
  after(async () => {
    if (added) await accounts?.remove(added).catch(() => undefined);
  });
  const env = useSimulator({ seed: 4, apiKey: KEY });
  before(() => (accounts = env.api.services.apiAccess.accounts));
  afterEach(closeEditors);

  /** Everything the extension tells a person or writes to its log while `run` runs. */
  async function watchingSurfaces<T>(
    answers: string[],
    run: () => Thenable<T>,
  ): Promise<{ result: T; said: string[] }> {
    const window = vscode.window as unknown as Record<string, unknown>;
    const log = env.api.services.log as unknown as Record<string, unknown>;
    const said: string[] = [];
    const patched: Array<[Record<string, unknown>, string, unknown]> = [];
    const patch = (target: Record<string, unknown>, name: string, replacement: (...args: unknown[]) => unknown) => {
      patched.push([target, name, target[name]]);
      target[name] = replacement;
    };
    const record = (...args: unknown[]) =>
      said.push(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' '));
    for (const name of ['showInformationMessage', 'showWarningMessage', 'showErrorMessage'])
      patch(window, name, async (...args: unknown[]) => void record(...args));
    for (const name of ['info', 'warn', 'error', 'debug']) {
      const original = log[name] as (message: string) => void;
      patch(log, name, (message: unknown) => {
        record(message);
        original.call(env.api.services.log, message as string);
      });
    }
    const pending = [...answers];
    patch(window, 'showInputBox', async (options: unknown) => {
      record(options);
      const answer = pending.shift();
      if (answer === undefined) throw new Error('an input box was not expected');
      return answer;
    });
    try {
      const result = await run();
      assert.deepEqual(pending, [], 'every prepared answer was asked for');
      return { result, said };
    } finally {
      for (const [target, name, original] of patched.reverse()) target[name] = original;
    }
  }

  it('warns in any file, never naming the key, and reads it from the environment instead', async () => {
    const text = `import telnyx\n\ntelnyx.api_key = "${KEY}"\n`;
    const document = await openDocument(text, 'python');
    const [diagnostic] = await diagnosticsOf(document, 1);
    assert.equal(document.getText(diagnostic.range), KEY);
    assert.match(diagnostic.message, /Telnyx API key is written in this file/);
    assert.ok(
      !diagnostic.message.includes(KEY) && !diagnostic.message.includes(KEY.slice(3, 20)),
      'the message never names the key',
    );

    const fixes = await quickFixes(document, diagnostic.range);
    assert.deepEqual(
      fixes.map((f) => f.title),
      ['Read the key from the environment (TELNYX_API_KEY)', 'Store the key as a Telnyx account, then replace it'],
    );
    assert.ok(
      !JSON.stringify(fixes.map((f) => [f.title, f.command])).includes(KEY),
      'the quick fixes do not carry the key',
    );
    assert.ok(fixes[0].edit && (await vscode.workspace.applyEdit(fixes[0].edit)));
    assert.equal(document.getText(), `import os\nimport telnyx\n\ntelnyx.api_key = os.environ["TELNYX_API_KEY"]\n`);
    await diagnosticsOf(document, 0);
  });

  it('in a file of another language (YAML), and not in .env files', async () => {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    assert.ok(folder, 'the test workspace');
    const envFile = vscode.Uri.joinPath(folder, '.env');
    await vscode.workspace.fs.writeFile(envFile, new TextEncoder().encode(`TELNYX_API_KEY=${KEY}\n`));
    try {
      const dotenv = await vscode.workspace.openTextDocument(envFile);
      await vscode.window.showTextDocument(dotenv);
      const yaml = await openDocument(`telnyx:\n  api_key: ${KEY}\n`, 'yaml');
      const [diagnostic] = await diagnosticsOf(yaml, 1);
      const fixes = await quickFixes(yaml, diagnostic.range);
      assert.deepEqual(
        fixes.map((f) => f.title),
        ['Store the key as a Telnyx account, then replace it'],
      );
      assert.deepEqual(ours(dotenv), [], 'a .env file is where the key belongs');
    } finally {
      await closeEditors();
      await vscode.workspace.fs.delete(envFile);
    }
  });

  it(
    '"store as an account" adds it with the Add Account flow, then replaces it; no message, ' +
      'prompt or log line names the key',
    async () => {
      const text = `const telnyx = require('telnyx')('${KEY}');\n`;
      const document = await openDocument(text, 'javascript');
      const [diagnostic] = await diagnosticsOf(document, 1);
      const store = (await quickFixes(document, diagnostic.range)).find(
        (f) => f.command?.command === 'telnyx.code.storeKeyAsAccount',
      );
      assert.ok(store?.command);
      const before = env.api.services.apiAccess.accounts.list().map((a) => a.id);
      const { result, said } = await watchingSurfaces(['From code', env.sim.url], () =>
        vscode.commands.executeCommand(store.command!.command, ...(store.command!.arguments ?? [])),
      );
      assert.equal(result, 'accepted');
      const account = env.api.services.apiAccess.accounts.list().find((a) => !before.includes(a.id));
      added = account?.id;
      assert.equal(account?.name, 'From code');
      assert.equal((await env.api.services.apiAccess.resolveKey())?.key, KEY, 'the account in use holds the key');
      await waitFor(
        () => document.getText() === `const telnyx = require('telnyx')(process.env.TELNYX_API_KEY);\n`,
        5_000,
        'the key replaced',
      );
      assert.ok(
        said.some((s) => /From code/.test(s)),
        'the notification was watched',
      );
      assert.ok(
        said.every((s) => !s.includes(KEY) && !s.includes(KEY.slice(3, 20))),
        said.join('\n'),
      );
      await diagnosticsOf(document, 0);
    },
  );

  it('the check follows telnyx.code.keyCheck', async () => {
    const document = await openDocument(`key = "${KEY}"`, 'ruby');
    await diagnosticsOf(document, 1);
    const config = vscode.workspace.getConfiguration('telnyx.code');
    await config.update('keyCheck', false, vscode.ConfigurationTarget.Global);
    try {
      await diagnosticsOf(document, 0);
    } finally {
      await config.update('keyCheck', undefined, vscode.ConfigurationTarget.Global);
    }
  });
});
