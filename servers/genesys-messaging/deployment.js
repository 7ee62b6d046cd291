/**
 * A Messenger deployment's settings as the fake applies them: the upload policy and limits a
 * `SessionResponse` carries (§2.2), the switches that change the server's answers (typing, clear,
 * read-only disconnect) and the `config.json` the CDN serves (§1, §9 item 10).
 */

/**
 * @typedef {object} DeploymentSettings
 * @property {boolean} autoStart the client sends a Presence Join after `newSession:true` (§3.2)
 * @property {'ReadOnly' | 'Send'} disconnectType `conversationDisconnect.type`: ReadOnly makes a disconnected session read-only (§2.4)
 * @property {boolean} clearEnabled `conversationClear.enabled`: when false a Clear answers 403 (§2.6)
 * @property {boolean} showAgentTypingIndicator
 * @property {boolean} showUserTypingIndicator when false a visitor Typing event answers 403 (§3.2)
 * @property {{ type: string }[]} fileTypes `allowedMedia.inbound.fileTypes`; empty: uploads disabled (4000)
 * @property {number} maxFileSizeKB counted as 1000 bytes per KB, as the SDK does (§5)
 * @property {string[]} blockedExtensions with the leading dot
 * @property {number} maxCustomDataBytes UTF-8 bytes of every custom-attribute key and value (§7) → 4013
 * @property {number} maxTextLength over it → 4011; the guest limit is not documented [U], 4000 is the agent UI's
 * @property {number} durationSeconds inactivity before the session expires (§2.2)
 * @property {boolean} authEnabled `auth.enabled` in config.json: configureAuthenticatedSession and the code exchange are served (auth.js)
 */

/** @type {DeploymentSettings} */
export const DEFAULT_SETTINGS = {
  autoStart: false,
  disconnectType: 'ReadOnly',
  clearEnabled: true,
  showAgentTypingIndicator: true,
  showUserTypingIndicator: true,
  fileTypes: [{ type: 'image/png' }, { type: 'image/jpeg' }, { type: 'image/gif' }, { type: 'application/pdf' }, { type: 'text/plain' }],
  maxFileSizeKB: 10240,
  blockedExtensions: ['.exe', '.bat', '.cmd', '.com', '.js', '.vbs'],
  maxCustomDataBytes: 2048,
  maxTextLength: 4000,
  durationSeconds: 259200,
  authEnabled: false,
};

/**
 * The policy fields of a `SessionResponse` body (§2.2).
 * @param {DeploymentSettings} settings
 */
export const sessionPolicy = (settings) => ({
  maxCustomDataBytes: settings.maxCustomDataBytes,
  allowedMedia: { inbound: { fileTypes: settings.fileTypes.map((fileType) => ({ type: fileType.type })), maxFileSizeKB: settings.maxFileSizeKB } },
  blockedExtensions: [...settings.blockedExtensions],
});

/**
 * `GET /webdeployments/v1/deployments/<id>/config.json`, in the shape the mobile SDK reads (`DeploymentConfig`).
 * @param {string} deploymentId
 * @param {DeploymentSettings} settings
 * @param {{ apiUrl: string, wsUrl: string }} urls
 */
export function deploymentConfig(deploymentId, settings, urls) {
  return {
    id: deploymentId,
    version: '1',
    languages: ['en-us'],
    defaultLanguage: 'en-us',
    apiEndpoint: urls.apiUrl,
    messenger: {
      enabled: true,
      apps: {
        conversations: {
          messagingEndpoint: urls.wsUrl,
          autoStart: { enabled: settings.autoStart },
          conversationDisconnect: { enabled: true, type: settings.disconnectType },
          conversationClear: { enabled: settings.clearEnabled },
          showAgentTypingIndicator: settings.showAgentTypingIndicator,
          showUserTypingIndicator: settings.showUserTypingIndicator,
          markdown: { enabled: true },
        },
      },
      styles: { primaryColor: '#1f6feb' },
      launcherButton: { visibility: 'On' },
      fileUpload: {
        modes: settings.fileTypes.length ? [{ fileTypes: settings.fileTypes.map((fileType) => fileType.type), maxFileSizeKB: settings.maxFileSizeKB }] : [],
      },
    },
    journeyEvents: { enabled: false },
    status: 'Active',
    auth: { enabled: settings.authEnabled, allowSessionUpgrade: false },
  };
}

/**
 * Whether a MIME type is allowed: an exact entry, `type/*` or the `*\/*` wildcard.
 * @param {DeploymentSettings} settings
 * @param {string} mime
 */
export function allowsType(settings, mime) {
  const wanted = mime.toLowerCase();
  return settings.fileTypes.some(({ type }) => {
    const allowed = type.toLowerCase();
    return allowed === '*/*' || allowed === wanted || (allowed.endsWith('/*') && wanted.startsWith(allowed.slice(0, -1)));
  });
}

/**
 * @param {DeploymentSettings} settings
 * @param {string} fileName
 */
export const blockedExtension = (settings, fileName) =>
  settings.blockedExtensions.find((extension) => fileName.toLowerCase().endsWith(extension.toLowerCase()));
