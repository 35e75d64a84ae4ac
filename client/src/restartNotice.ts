import { window } from 'vscode';
import { CloseAction, type CloseHandlerResult, type ErrorHandler } from 'vscode-languageclient/node';

export const RESTARTED_MESSAGE = 'The Hardline language server stopped unexpectedly and was restarted.';
export const RESTARTED_NOTICE = `${RESTARTED_MESSAGE} If it happens again, run "Hardline: Show Output" and report what it says.`;

/**
 * The language client's error handler: the library's own policy (a crashed
 * server is restarted, up to 4 times within 3 minutes; then it stays stopped
 * and the library says so), and Hardline says so too: every restart in the
 * output (logged by the library), the first one of the session also as a
 * notification, once.
 */
export function restartingErrorHandler(library: () => ErrorHandler): ErrorHandler {
  let told = false;
  return {
    error: (error, message, count) => library().error(error, message, count),
    async closed(): Promise<CloseHandlerResult> {
      const result = await library().closed();
      if (result.action !== CloseAction.Restart) return result;
      if (!told) {
        told = true;
        void window.showWarningMessage(RESTARTED_NOTICE);
      }
      // `handled`: the library logs the message to the output and shows no notification of its own.
      return { ...result, message: RESTARTED_MESSAGE, handled: true };
    },
  };
}
