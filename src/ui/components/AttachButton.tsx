/**
 * "Attach file" in the composer: a real button that opens the file picker (a hidden file input), and,
 * under the composer, why a file was refused. Rendered only when the backend takes files.
 */
import { useRef } from 'preact/hooks';
import { ATTACH_ICON, icon } from '../icons';
import { fileNotice, sendFiles, takesFiles } from '../files/send-files';
import type { WidgetState } from '../state';

export function AttachButton({ state }: { state: WidgetState }) {
  const input = useRef<HTMLInputElement>(null);
  if (!takesFiles(state)) return null;
  const { t } = state.i18n.value;
  const accepted = state.chat.fileLimits?.types?.join(',');
  return (
    <>
      <input
        ref={input}
        type="file"
        multiple
        hidden
        accept={accepted}
        tabIndex={-1}
        aria-hidden="true"
        onChange={() => {
          sendFiles(state, [...(input.current!.files ?? [])]);
          input.current!.value = '';
        }}
      />
      <button type="button" class="icon-button attach-button" aria-label={t('attachFile')} onClick={() => input.current!.click()}>
        {icon(ATTACH_ICON)}
      </button>
    </>
  );
}

/** Why the last file was refused (a live region kept in the DOM; empty when there is nothing to say). */
export function FileNotice({ state }: { state: WidgetState }) {
  if (!takesFiles(state)) return null;
  return (
    <p class="file-notice" role="alert">
      {fileNotice(state).value}
    </p>
  );
}
