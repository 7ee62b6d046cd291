/**
 * The window of a script-tag or `<parley-chat>` widget: ../ui/mount.tsx, with the composer's draft kept
 * in this tab under the conversation's namespace (the backend and its scope, as the cache names its records),
 * so a draft follows its conversation and never another site's or backend's.
 */
import { mountWidget } from '../ui/mount';
import type { MountView } from './deferred';
import { resolveBackend } from './registry';

export const mountView: MountView = (root, chat, config, controls) => {
  const { backend, scope } = resolveBackend(config);
  return mountWidget(root, chat, config, { ...controls, draftKey: `parley/${encodeURIComponent(backend)}/${encodeURIComponent(scope)}/draft` });
};
