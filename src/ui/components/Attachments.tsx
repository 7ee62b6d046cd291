/**
 * The files of a message: images as thumbnails (a button that opens the full image in a lightbox),
 * other files as a chip with name, size and a download link. While the visitor's own file uploads: its
 * progress and a Cancel button. Only `http:`/`https:` URLs (and this page's `blob:` URLs of the visitor's
 * own files) are ever requested or linked; a file with any other URL is shown by name only. Remote images
 * are fetched without a referrer.
 */
import { useSignal } from '@preact/signals';
import { useRef } from 'preact/hooks';
import type { Attachment, Message } from '../../core/types';
import { formatSize, safeFileUrl } from '../files/format';
import { messageKey, type WidgetState } from '../state';
import { Lightbox } from './Lightbox';

export function Attachments({ message, state }: { message: Message; state: WidgetState }) {
  if (!message.attachments?.length || message.deleted) return null;
  const own = message.sender === 'visitor';
  return (
    <div class="attachments">
      {message.attachments.map((attachment) => (
        <AttachmentView key={attachment.id} attachment={attachment} own={own} state={state} />
      ))}
      {own && message.status === 'sending' && <UploadProgress message={message} state={state} />}
    </div>
  );
}

function AttachmentView({ attachment, own, state }: { attachment: Attachment; own: boolean; state: WidgetState }) {
  const { t, lang } = state.i18n.value;
  const url = safeFileUrl(attachment.url, own);
  const thumbnail = safeFileUrl(attachment.thumbnailUrl, own) ?? url;
  const open = useSignal(false);
  const opener = useRef<HTMLButtonElement>(null);
  // An image on screen keeps the URL it loaded with: a renewed one (Web Messaging's URLs expire) would only
  // fetch it again. After a failed load (an expired URL from the cache), it follows the message's current one.
  const firstThumbnail = useRef(thumbnail);
  const failed = useSignal(false);
  const size = formatSize(attachment.size, lang);
  if (url && thumbnail && attachment.type.startsWith('image/'))
    return (
      <>
        <button ref={opener} type="button" class="attachment-image" aria-label={t('openImage', { name: attachment.name })} onClick={() => (open.value = true)}>
          <img src={failed.value ? thumbnail : firstThumbnail.current} alt="" referrerpolicy="no-referrer" loading="lazy" onError={() => (failed.value = true)} />
        </button>
        {open.value && (
          <Lightbox
            url={url}
            name={attachment.name}
            state={state}
            onClose={() => {
              open.value = false;
              opener.current?.focus();
            }}
          />
        )}
      </>
    );
  return (
    <div class="attachment-chip">
      <span class="attachment-name" dir="auto">
        {attachment.name}
      </span>
      {attachment.size > 0 && <span class="attachment-size">{size}</span>}
      {url && (
        <a href={url} download={attachment.name} target="_blank" rel="noopener noreferrer" referrerpolicy="no-referrer" aria-label={t('download', { name: attachment.name })}>
          {t('downloadShort')}
        </a>
      )}
    </div>
  );
}

/** Upload progress of the visitor's own file, and Cancel (which removes the message). */
function UploadProgress({ message, state }: { message: Message; state: WidgetState }) {
  const { t } = state.i18n.value;
  const progress = state.chat.uploadProgress(messageKey(message));
  if (!progress) return null;
  const percent = Math.round(progress.value * 100);
  if (percent >= 100) return null;
  return (
    <div class="upload-progress">
      <progress max={100} value={percent} aria-label={t('uploading', { n: percent })} />
      <button type="button" class="action-button" onClick={() => state.chat.cancelUpload(messageKey(message))}>
        {t('cancelUpload')}
      </button>
    </div>
  );
}
