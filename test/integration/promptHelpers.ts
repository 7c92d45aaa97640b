// Answers the prompts of a command from an in-host test. VS Code offers no command that types into a
// quick input or presses a modal dialog's button from the extension host, so the prompt functions of
// the shared `vscode.window` (the same object the extension calls) answer in order, running the
// command's own `validateInput`; everything else is the real command.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

export type PromptAnswer =
  | { pick: RegExp }
  | { type: string; refused?: string[] }
  /** A modal dialog: press the button whose title matches, or `undefined` to cancel (Escape). */
  | { modal: RegExp | undefined }
  /** Cancel a quick pick or input box. */
  | { cancel: true };

export interface AskedPrompt {
  kind: 'pick' | 'input' | 'modal';
  /** Title, placeholder and items (pick), title, prompt and placeholder (input), or message and detail (modal). */
  text: string;
  /** What an input box showed at first. */
  value?: string;
  refusals: string[];
}

type Prompts = Record<'showQuickPick' | 'showInputBox' | 'showWarningMessage', unknown>;

/** Runs `run` while the prompts are answered from `answers`; fails on a prompt nobody expected, or an answer never asked for. */
export async function answeringPrompts<T>(
  answers: PromptAnswer[],
  run: () => Thenable<T> | Promise<T>,
): Promise<{ result: T; asked: AskedPrompt[] }> {
  const window = vscode.window as unknown as Prompts;
  const original = {
    showQuickPick: window.showQuickPick,
    showInputBox: window.showInputBox,
    showWarningMessage: window.showWarningMessage,
  };
  const asked: AskedPrompt[] = [];
  const pending = [...answers];
  window.showQuickPick = async (
    items: readonly vscode.QuickPickItem[] | Thenable<readonly vscode.QuickPickItem[]>,
    options?: vscode.QuickPickOptions,
  ) => {
    const answer = pending.shift();
    const list = await items;
    asked.push({
      kind: 'pick',
      text: [
        options?.title,
        options?.placeHolder,
        ...list.map((i) => `${i.label} ${i.description ?? ''} ${i.detail ?? ''}`),
      ].join(' | '),
      refusals: [],
    });
    if (answer && 'cancel' in answer) return undefined;
    if (!answer || !('pick' in answer)) throw new Error(`Unexpected quick pick: ${options?.title}`);
    const found = list.find((item) => answer.pick.test(item.label));
    if (!found) throw new Error(`No item matches ${answer.pick} in ${list.map((i) => i.label).join(', ')}`);
    return found;
  };
  window.showInputBox = async (options?: vscode.InputBoxOptions) => {
    const answer = pending.shift();
    const entry: AskedPrompt = {
      kind: 'input',
      text: [options?.title, options?.prompt, options?.placeHolder].join(' | '),
      value: options?.value,
      refusals: [],
    };
    asked.push(entry);
    if (answer && 'cancel' in answer) return undefined;
    if (!answer || !('type' in answer)) throw new Error(`Unexpected input box: ${options?.title}`);
    const validate = async (value: string): Promise<string | undefined> => {
      const result = await options?.validateInput?.(value);
      return typeof result === 'string' || result === undefined || result === null
        ? (result ?? undefined)
        : result.message;
    };
    for (const wrong of answer.refused ?? []) {
      const message = await validate(wrong);
      if (!message) throw new Error(`The input box accepted ${JSON.stringify(wrong)}`);
      entry.refusals.push(message);
    }
    const problem = await validate(answer.type);
    if (problem) throw new Error(`The input box refused ${JSON.stringify(answer.type)}: ${problem}`);
    return answer.type;
  };
  const warning = original.showWarningMessage as (...args: unknown[]) => Thenable<unknown>;
  window.showWarningMessage = async (message: string, ...rest: unknown[]) => {
    const options =
      rest[0] && typeof rest[0] === 'object' && !('title' in (rest[0] as object))
        ? (rest[0] as vscode.MessageOptions)
        : undefined;
    // A notification (not modal) is shown as usual: only dialogs wait for an answer.
    if (!options?.modal) return warning.call(vscode.window, message, ...rest);
    const buttons = rest.slice(1).map((b) => (typeof b === 'string' ? b : (b as vscode.MessageItem).title));
    const answer = pending.shift();
    asked.push({ kind: 'modal', text: [message, options.detail ?? ''].join(' | '), refusals: [] });
    if (!answer || !('modal' in answer)) throw new Error(`Unexpected modal dialog: ${message}`);
    if (!answer.modal) return undefined;
    const pressed = buttons.find((b) => answer.modal?.test(b));
    if (!pressed) throw new Error(`No button matches ${answer.modal} in ${buttons.join(', ')}`);
    return pressed;
  };
  try {
    const result = await run();
    assert.deepEqual(pending, [], 'every prepared answer was asked for');
    return { result, asked };
  } finally {
    window.showQuickPick = original.showQuickPick;
    window.showInputBox = original.showInputBox;
    window.showWarningMessage = original.showWarningMessage;
  }
}
