import {
  CodeLensRefreshRequest,
  type ClientCapabilities,
  type CodeAction,
  type CodeActionParams,
  type Connection,
  type InitializeParams,
  type ServerCapabilities,
  type TextDocuments,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Converter } from '../languages/dockerfile/baseImageCandidates';
import {
  BASE_IMAGE_CANDIDATES_METHOD,
  PICK_BASE_IMAGE_COMMAND,
  PIN_DIGEST_COMMAND,
  PIN_DIGEST_METHOD,
  type BaseImageCandidatesResult,
  type HardlineInitializationOptions,
  type PinDigestParams,
  type PinDigestResult,
  type TextDocumentPositionParams,
} from '../protocol';
import type { resolveDigest } from '../registry/client';
import { provideBaseImageCandidates } from './baseImages';
import { provideCodeLenses } from './codeLens';
import { FeatureSettingsStore } from './featureSettings';
import { guard, type ErrorLogger } from './guard';
import { executePinDigest, mergePinActions, pinDigestCodeActions, pinDigests, resolvePinAction, type PinDigestDeps } from './pinDigest';
import { executeSelectAfterEdit, SELECT_AFTER_EDIT_COMMAND } from './selectAfterEdit';

/**
 * The features the user invokes (pin a digest, pick a base image) on top of
 * the checks: their capabilities, settings and handlers, wired by startServer.
 */
export interface UserFeaturesOptions {
  /** The digest lookup (tests substitute it). */
  resolve?: typeof resolveDigest;
  /** How the picker switches a stage to another image (default: the image reference only). */
  converter?: Converter;
}

export class UserFeatures {
  private caps: ClientCapabilities = {};
  private clientCommands = new Set<string>();
  readonly settings: FeatureSettingsStore;
  readonly pin: PinDigestDeps;

  constructor(
    private readonly connection: Connection,
    private readonly documents: TextDocuments<TextDocument>,
    private readonly log: ErrorLogger,
    private readonly options: UserFeaturesOptions = {},
  ) {
    this.settings = new FeatureSettingsStore(connection, (m) => connection.console.warn(m));
    this.pin = {
      documents,
      features: this.settings,
      documentChanges: () => this.caps.workspace?.workspaceEdit?.documentChanges === true,
      resolveSupport: () => this.caps.textDocument?.codeAction?.resolveSupport?.properties.includes('edit') === true,
      disabledSupport: () => this.caps.textDocument?.codeAction?.disabledSupport === true,
      resolve: options.resolve,
    };
  }

  /** Capabilities to merge into the server's, from the client's. */
  initialize(params: InitializeParams): Partial<ServerCapabilities> {
    this.caps = params.capabilities;
    this.settings.pull = this.caps.workspace?.configuration === true;
    const init = (params.initializationOptions ?? {}) as HardlineInitializationOptions;
    this.settings.trusted = init.workspaceTrusted !== false;
    this.clientCommands = new Set(Array.isArray(init.clientCommands) ? init.clientCommands.filter((c) => typeof c === 'string') : []);
    const caps: Partial<ServerCapabilities> = {};
    if (this.clientCommands.has(PICK_BASE_IMAGE_COMMAND)) caps.codeLensProvider = { resolveProvider: false };
    // A client that resolves code action edits never needs the command; VS Code, which does,
    // would otherwise register hardline.pinDigest twice (its own palette command and ours).
    const commands: string[] = [];
    if (!this.pin.resolveSupport()) commands.push(PIN_DIGEST_COMMAND);
    // Refactorings that leave a TODO line select it afterwards through window/showDocument.
    if (this.caps.window?.showDocument?.support === true) commands.push(SELECT_AFTER_EDIT_COMMAND);
    if (commands.length > 0) caps.executeCommandProvider = { commands };
    return caps;
  }

  listen(): void {
    const { connection, log } = this;
    connection.onCodeActionResolve(async (action: CodeAction) => {
      try {
        return await resolvePinAction(action, this.pin, connection);
      } catch (error) {
        log('codeAction/resolve failed', error);
        return action;
      }
    });
    connection.onExecuteCommand(
      guard('executeCommand', log, null, async (params) => {
        if (params.command === PIN_DIGEST_COMMAND) return executePinDigest(params.arguments, this.pin, connection);
        if (params.command === SELECT_AFTER_EDIT_COMMAND) return executeSelectAfterEdit(params.arguments, connection);
        return null;
      }),
    );
    connection.onRequest(
      PIN_DIGEST_METHOD,
      guard('hardline/pinDigest', log, { pinned: [], failed: [], skipped: [], unavailable: 'Hardline failed; see its output.' } as PinDigestResult, async (params: PinDigestParams) => {
        return (await pinDigests(params, this.pin)).result;
      }),
    );
    connection.onRequest(
      BASE_IMAGE_CANDIDATES_METHOD,
      guard('hardline/baseImageCandidates', log, { candidates: [], reason: 'Hardline failed; see its output.' } as BaseImageCandidatesResult, (params: TextDocumentPositionParams) =>
        provideBaseImageCandidates(params, this.documents, this.pin.documentChanges(), this.options.converter),
      ),
    );
    connection.onCodeLens(
      guard('codeLens', log, [], async (params) => {
        if (!this.clientCommands.has(PICK_BASE_IMAGE_COMMAND)) return [];
        if (!(await this.settings.get(params.textDocument.uri)).codeLens) return [];
        return provideCodeLenses(params, this.documents);
      }),
    );
  }

  /** Add the pin-digest quick fixes to the other actions. */
  async codeActions(params: CodeActionParams, actions: CodeAction[]): Promise<CodeAction[]> {
    try {
      return mergePinActions(actions, await pinDigestCodeActions(params, this.pin));
    } catch (error) {
      this.log('pin-digest code actions failed', error);
      return actions;
    }
  }

  changed(pushed: unknown): void {
    this.settings.changed(pushed);
    // hardline.codeLens.enable may have changed: let the client ask again.
    if (this.clientCommands.has(PICK_BASE_IMAGE_COMMAND) && this.caps.workspace?.codeLens?.refreshSupport) {
      this.connection.sendRequest(CodeLensRefreshRequest.type).catch((error: unknown) => this.log('codeLens/refresh failed', error));
    }
  }

  forget(uri: string): void {
    this.settings.forget(uri);
  }
}
