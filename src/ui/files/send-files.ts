/**
 * How files get from the visitor to `chat.sendFile()`: the "Attach file" button, a drop onto the window,
 * an image pasted into the composer. A file the backend would refuse is not sent: the reason shows under
 * the composer in the visitor's language (the `error` event with code `validation` has already gone to
 * the host page), until the next file or a few seconds pass.
 */
import { signal, type Signal } from '@preact/signals';
import type { ParleyError } from '../../core/errors';
import type { UploadFile } from '../../core/transport';
import type { WidgetState } from '../state';
import { formatSize } from './format';

/** How long a refusal stays under the composer, ms. */
const NOTICE_MS = 8000;

/** The refusal shown under the composer, per widget. */
const notices = new WeakMap<WidgetState, Signal<string>>();

export function fileNotice(state: WidgetState): Signal<string> {
  let notice = notices.get(state);
  if (!notice) notices.set(state, (notice = signal('')));
  return notice;
}

/** Whether this backend takes files (the controls exist only then: never a dead button). */
export function takesFiles(state: WidgetState): boolean {
  // A backend may learn whether it takes files only once its link is up (Genesys Web Messaging reads the
  // deployment's file settings with every session), after the window rendered: a component asking here
  // renders again on each change of the connection state, and then sees the capability as it is.
  void state.chat.status.value;
  return state.chat.capabilities.attachments;
}

/** The translated words for a refused file. */
function refusal(state: WidgetState, error: ParleyError): string {
  const { t, lang } = state.i18n.value;
  if (error.reason === 'file-size') return t('fileTooBig', { size: formatSize(error.limit ?? 0, lang) });
  if (error.reason === 'file-type') return t('fileType');
  if (error.reason === 'file-empty') return t('fileEmpty');
  return error.message;
}

/** Sends each file; the first refusal is shown (the others are sent). */
export function sendFiles(state: WidgetState, files: Iterable<UploadFile>): void {
  const notice = fileNotice(state);
  notice.value = '';
  for (const file of files) {
    try {
      state.chat.sendFile(file);
    } catch (failure) {
      notice.value ||= refusal(state, failure as ParleyError);
    }
  }
  if (notice.value) {
    const shown = notice.value;
    setTimeout(() => {
      if (notice.peek() === shown) notice.value = '';
    }, NOTICE_MS);
  }
}

/** The files a paste or drop carries (a pasted screenshot is a file item). */
export function filesOf(transfer: DataTransfer | null): File[] {
  if (!transfer) return [];
  if (transfer.files?.length) return [...transfer.files];
  return [...(transfer.items ?? [])].flatMap((item) => {
    const file = item.kind === 'file' ? item.getAsFile() : null;
    return file ? [file] : [];
  });
}

/** Props for the window: files dropped onto it are sent. */
export function dropTarget(state: WidgetState) {
  if (!takesFiles(state)) return {};
  return {
    onDragOver(event: DragEvent) {
      if (![...(event.dataTransfer?.types ?? [])].includes('Files')) return;
      event.preventDefault();
      event.dataTransfer!.dropEffect = 'copy';
    },
    onDrop(event: DragEvent) {
      const files = filesOf(event.dataTransfer);
      if (!files.length) return;
      event.preventDefault();
      sendFiles(state, files);
    },
  };
}

/** The composer's paste handler: pasted files (a screenshot) are sent; pasted text is left to the textarea. */
export function pasteFiles(state: WidgetState, event: ClipboardEvent): void {
  if (!takesFiles(state)) return;
  const files = filesOf(event.clipboardData);
  if (!files.length) return;
  event.preventDefault();
  sendFiles(state, files);
}
