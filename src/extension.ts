import * as vscode from 'vscode';
import { warnAboutRefusedBaseUrl } from './commands/refusedBaseUrl';
import type { CallDetailsFeature } from './callDetails';
import type { Features } from './features';
import { loadFeaturesModule } from './featuresLoader';
import { detectAt } from './hover/detect';
import type { HoverFeature } from './hover';
import { ApiAccess } from './services/apiAccess';
import { createCallDirectory } from './calls/account';
import { callIndexOf } from './services/callIndex';
import { Logger } from './services/logger';
import type { CallDetailsOpener, Services, TreeRevealer } from './services/services';
import { CALL_DETAILS_VIEW_TYPE, CHAT_TOOL_NAMES, COMMAND_IDS, CONNECTIONS_VIEW_ID } from './startupIds';

/** Returned from activate() so that the in-host tests can reach the running features. */
export interface TelnyxCallsExtensionApi {
  services: Services;
  /** This and the next two load the features (dist/features.js) when first read. */
  callDetails: CallDetailsOpener;
  tree: TreeRevealer;
  /** Lets in-host tests drive the hover cache's clock. */
  hover: HoverFeature;
}

/**
 * The Connections view exists from startup (its welcome content depends on it), but its rows come
 * from the tree feature: VS Code asking for the first rows, which it does only when the view is
 * shown, loads the features, whose provider this one forwards to from then on.
 */
class LazyTreeDataProvider implements vscode.TreeDataProvider<unknown>, vscode.Disposable {
  private real: vscode.TreeDataProvider<unknown> | undefined;
  private readonly changes = new vscode.EventEmitter<unknown>();
  readonly onDidChangeTreeData = this.changes.event;
  private forwarding: vscode.Disposable | undefined;

  constructor(private readonly load: () => unknown) {}

  attach(provider: vscode.TreeDataProvider<unknown>): void {
    this.forwarding?.dispose();
    this.real = provider;
    this.forwarding = provider.onDidChangeTreeData?.((change) => this.changes.fire(change));
  }

  private provider(): vscode.TreeDataProvider<unknown> {
    if (!this.real) this.load();
    if (!this.real) throw new Error('The Connections view has no rows provider');
    return this.real;
  }

  getChildren(element?: unknown): vscode.ProviderResult<unknown[]> {
    return this.provider().getChildren(element);
  }

  getTreeItem(element: unknown): vscode.TreeItem | Thenable<vscode.TreeItem> {
    return this.provider().getTreeItem(element);
  }

  getParent(element: unknown): vscode.ProviderResult<unknown> {
    return this.provider().getParent?.(element);
  }

  // No resolveTreeItem: the tree feature's provider has none, and VS Code changes how it shows
  // tooltips when a provider offers one.

  dispose(): void {
    this.forwarding?.dispose();
    this.changes.dispose();
  }
}

// Startup registers only what VS Code must know (command ids, the view, the hover, the webview
// serializer, the language-model tools) with thin proxies, plus the key's context keys; the features load on first use.
// No network and nothing heavy here.
export function activate(context: vscode.ExtensionContext): TelnyxCallsExtensionApi {
  const log = new Logger();
  const apiAccess = new ApiAccess(context.secrets, log);
  context.subscriptions.push(log, apiAccess);
  // The one place where the call directory hears of a new key or base URL (a new generation).
  const calls = createCallDirectory(apiAccess, context.globalState);
  context.subscriptions.push(calls);
  const services: Services = { context, log, apiAccess, calls: calls.directory, callIndex: callIndexOf(calls.directory) };

  let features: Features | undefined;
  const load = (): Features => {
    if (features) return features;
    try {
      features = loadFeaturesModule().activateFeatures(services, {
        adoptTreeView: (viewId, provider) => {
          if (viewId !== CONNECTIONS_VIEW_ID) throw new Error(`No view ${viewId} was created at startup`);
          rows.attach(provider);
          return view;
        },
      });
    } catch (error) {
      log.error(`Could not load the Telnyx features: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      throw error;
    }
    return features;
  };
  const registered = (): ReturnType<typeof loadFeaturesModule>['registered'] => {
    load();
    return loadFeaturesModule().registered;
  };

  const rows = new LazyTreeDataProvider(load);
  const view = vscode.window.createTreeView(CONNECTIONS_VIEW_ID, { treeDataProvider: rows, showCollapseAll: true });
  context.subscriptions.push(rows, view);

  for (const id of COMMAND_IDS) {
    context.subscriptions.push(
      vscode.commands.registerCommand(id, (...args: unknown[]) => {
        const handler = registered().command(id) as ((...given: unknown[]) => unknown) | undefined;
        if (!handler) throw new Error(`The command ${id} has no handler`);
        return handler(...args);
      }),
    );
  }

  // The chat may call a tool before anything else loaded the features: its proxy loads them then.
  const tool = (name: string): vscode.LanguageModelTool<unknown> => {
    const found = registered().tool(name);
    if (!found) throw new Error(`The language-model tool ${name} has no implementation`);
    return found;
  };
  for (const name of CHAT_TOOL_NAMES) {
    context.subscriptions.push(
      vscode.lm.registerTool<unknown>(name, {
        prepareInvocation: (options, token) => tool(name).prepareInvocation?.(options, token),
        invoke: (options, token) => tool(name).invoke(options, token),
      }),
    );
  }

  context.subscriptions.push(
    // Every scheme: files, untitled buffers, output channels, settings, diffs. The features load
    // only when the hovered line holds an id.
    vscode.languages.registerHoverProvider({ scheme: '*' }, {
      provideHover: async (document, position, token) => {
        if (!apiAccess.settings().hoverEnabled) return undefined;
        if (!detectAt(document.lineAt(position.line).text, position.character)) return undefined;
        for (const provider of registered().hoverProviders()) {
          const hover = await provider.provideHover(document, position, token);
          if (hover) return hover;
        }
        return undefined;
      },
    }),
    vscode.window.registerWebviewPanelSerializer(CALL_DETAILS_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel, state: unknown) => {
        const serializer = registered().serializer(CALL_DETAILS_VIEW_TYPE);
        if (!serializer) throw new Error(`No serializer for ${CALL_DETAILS_VIEW_TYPE}`);
        await serializer.deserializeWebviewPanel(panel, state);
      },
    }),
    warnAboutRefusedBaseUrl(services),
  );

  void apiAccess.resolveKey();
  return {
    services,
    get callDetails(): CallDetailsFeature {
      return load().callDetails;
    },
    get tree(): TreeRevealer {
      return load().tree;
    },
    get hover(): HoverFeature {
      return load().hover;
    },
  };
}

export function deactivate(): void {}
