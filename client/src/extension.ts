/**
 * The VS Code side of Hardline: starts the language server and nothing else.
 * Everything Hardline knows lives in the server, so Neovim and other LSP
 * clients get the same behaviour.
 */
import { commands, window, workspace, type ExtensionContext, type OutputChannel } from 'vscode';
import {
  LanguageClient,
  TransportKind,
  type ErrorHandler,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { PICK_BASE_IMAGE_COMMAND, type HardlineInitializationOptions } from '../../server/src/protocol';
import { registerCommands } from './commands';
import { restartingErrorHandler } from './restartNotice';

let client: LanguageClient | undefined;

/** Hardline runs when it is enabled for the window or for any workspace folder (the server decides per file). */
function enabledAnywhere(): boolean {
  // `null`: the value for no particular resource (asking without a scope makes VS Code warn about a resource-scoped setting).
  if (workspace.getConfiguration('hardline', null).get<boolean>('enable', true)) return true;
  return (workspace.workspaceFolders ?? []).some((f) => workspace.getConfiguration('hardline', f.uri).get<boolean>('enable', true));
}

function createClient(context: ExtensionContext, channel: OutputChannel): LanguageClient {
  const module = context.asAbsolutePath('server/out/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      // Files and unsaved buffers only: not git:/diff views, which would duplicate the Problems entries.
      { scheme: 'file', language: 'dockerfile' },
      { scheme: 'untitled', language: 'dockerfile' },
      { scheme: 'file', pattern: '**/{Containerfile,*.containerfile,Containerfile.*,Dockerfile.*,*.dockerfile}' },
      // Kubernetes manifests: the server decides by content, other YAML gets no diagnostics at all.
      { scheme: 'file', language: 'yaml' },
      { scheme: 'untitled', language: 'yaml' },
    ],
    synchronize: {
      configurationSection: 'hardline',
      fileEvents: [
        workspace.createFileSystemWatcher('**/.hardline.{yaml,yml}'),
        workspace.createFileSystemWatcher('**/{.dockerignore,*.dockerignore}'),
      ],
    },
    diagnosticCollectionName: 'hardline',
    // The server offers the "Pick a hardened base image" CodeLens only to clients that have the command.
    // Read at every (re)start: a workspace trusted meanwhile restarts the server (see activate).
    initializationOptions: (): HardlineInitializationOptions => ({ clientCommands: [PICK_BASE_IMAGE_COMMAND], workspaceTrusted: workspace.isTrusted }),
    outputChannel: channel,
    // The library's policy (restart a crashed server up to 4 times in 3 minutes), saying so once.
    errorHandler: restartingErrorHandler(() => (library ??= created.createDefaultErrorHandler())),
  };
  let library: ErrorHandler | undefined;
  const created = new LanguageClient('hardline', 'Hardline', serverOptions, clientOptions);
  return created;
}

async function start(context: ExtensionContext, channel: OutputChannel): Promise<void> {
  if (client) return;
  client = createClient(context, channel);
  try {
    await client.start();
  } catch (error) {
    channel.appendLine(`Hardline language server failed to start: ${error instanceof Error ? error.message : String(error)}`);
  }
}

async function stop(): Promise<void> {
  const running = client;
  client = undefined;
  if (running) await running.stop().catch(() => undefined);
}

export async function activate(context: ExtensionContext): Promise<void> {
  const channel = window.createOutputChannel('Hardline');
  context.subscriptions.push(
    channel,
    commands.registerCommand('hardline.showOutput', () => channel.show(true)),
    ...registerCommands(() => client),
    commands.registerCommand('hardline.restartServer', async () => {
      if (!enabledAnywhere()) {
        void window.showInformationMessage('Hardline is disabled (hardline.enable is false).');
        return;
      }
      if (client) await client.restart();
      else await start(context, channel);
    }),
    workspace.onDidChangeConfiguration(async (e) => {
      if (!e.affectsConfiguration('hardline.enable')) return;
      if (enabledAnywhere()) await start(context, channel);
      else await stop();
    }),
    // Restricted Mode ended: restart, so the server hears the workspace is trusted (network features, ignorePaths).
    workspace.onDidGrantWorkspaceTrust(async () => {
      if (client) await client.restart();
    }),
  );
  if (enabledAnywhere()) await start(context, channel);
}

export async function deactivate(): Promise<void> {
  await stop();
}
