/**
 * The window of a script-tag or `<parley-chat>` widget: ../ui/mount.tsx, with the composer's draft kept
 * in this tab under the conversation's namespace (the backend and its scope, as the cache names its records),
 * so a draft follows its conversation and never another site's or backend's. With `storage: 'memory'`, no draft
 * is kept.
 */
import { mountWidget } from '../ui/mount';
import type { MountView } from './deferred';
import { resolveBackend } from './registry';

export const mountView: MountView = (root, chat, config, controls) => {
  const { backend, scope } = resolveBackend(config);
  // `storage: 'memory'`: the site wants nothing of the conversation kept past the page, the draft included.
  const draftKey = config.storage == 'memory' ? undefined : `parley/${encodeURIComponent(backend)}/${encodeURIComponent(scope)}/draft`;
  return mountWidget(root, chat, config, { ...controls, draftKey });
};
