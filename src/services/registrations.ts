import * as vscode from 'vscode';

/**
 * The feature code lives in dist/features.js, loaded on first use (src/featuresLoader.ts). What VS
 * Code must know at startup (command ids, the Connections view, the hover, the webview serializer,
 * the language-model tools) is registered by src/extension.ts with thin proxies; features register
 * here instead, and the proxies dispatch to what they find.
 */
export type CommandHandler = (...args: never[]) => unknown;

/** What src/extension.ts created before the features were loaded, handed over when they load. */
export interface FeatureHost {
  /** The view created at startup; `provider` becomes the one its proxy forwards to. */
  adoptTreeView(viewId: string, provider: vscode.TreeDataProvider<unknown>): vscode.TreeView<unknown>;
}

const commands = new Map<string, CommandHandler>();
const serializers = new Map<string, vscode.WebviewPanelSerializer>();
const hoverProviders: vscode.HoverProvider[] = [];
const tools = new Map<string, vscode.LanguageModelTool<unknown>>();
let host: FeatureHost | undefined;

function removal<T>(remove: () => T): vscode.Disposable {
  return new vscode.Disposable(() => void remove());
}

/** In place of vscode.commands.registerCommand: the id is already registered by the startup bundle. */
export function registerCommand(id: string, handler: CommandHandler): vscode.Disposable {
  commands.set(id, handler);
  return removal(() => commands.get(id) === handler && commands.delete(id));
}

/** In place of vscode.window.registerWebviewPanelSerializer. */
export function registerWebviewPanelSerializer(viewType: string, serializer: vscode.WebviewPanelSerializer): vscode.Disposable {
  serializers.set(viewType, serializer);
  return removal(() => serializers.get(viewType) === serializer && serializers.delete(viewType));
}

/** In place of vscode.languages.registerHoverProvider (the startup bundle registers for every scheme). */
export function registerHoverProvider(provider: vscode.HoverProvider): vscode.Disposable {
  hoverProviders.push(provider);
  return removal(() => hoverProviders.includes(provider) && hoverProviders.splice(hoverProviders.indexOf(provider), 1));
}

/** In place of vscode.lm.registerTool: the startup bundle registered every contributed tool name. */
export function registerLanguageModelTool(name: string, tool: vscode.LanguageModelTool<unknown>): vscode.Disposable {
  tools.set(name, tool);
  return removal(() => tools.get(name) === tool && tools.delete(name));
}

/** In place of vscode.window.createTreeView: the view exists since startup, its rows come from `provider`. */
export function adoptTreeView<T>(viewId: string, provider: vscode.TreeDataProvider<T>): vscode.TreeView<T> {
  if (!host) throw new Error(`The view ${viewId} is adopted before the features were loaded`);
  return host.adoptTreeView(viewId, provider as vscode.TreeDataProvider<unknown>) as vscode.TreeView<T>;
}

export function setFeatureHost(value: FeatureHost): void {
  host = value;
}

/** Read by the startup bundle's proxies. */
export const registered = {
  command: (id: string): CommandHandler | undefined => commands.get(id),
  serializer: (viewType: string): vscode.WebviewPanelSerializer | undefined => serializers.get(viewType),
  hoverProviders: (): readonly vscode.HoverProvider[] => hoverProviders,
  tool: (name: string): vscode.LanguageModelTool<unknown> | undefined => tools.get(name),
};
