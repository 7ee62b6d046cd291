// Widget version negotiation of sdk-node 1.1.0 (sheet §5).

export const DEFAULT_UPGRADE_URL = 'https://docs.pocketping.io/widget/installation';

/**
 * @typedef {{ status: 'ok' | 'outdated' | 'deprecated' | 'unsupported', message?: string,
 *   minVersion?: string, latestVersion?: string, canContinue: boolean }} VersionCheckResult
 * @typedef {{ minWidgetVersion?: string, latestWidgetVersion?: string, versionWarningMessage?: string,
 *   versionUpgradeUrl?: string }} VersionConfig
 */

/** Numeric major.minor.patch; a leading `v` and any pre-release tail are ignored. @param {string} v */
function parts(v) {
  const [core] = String(v).replace(/^v/i, '').split(/[-+]/);
  const nums = core.split('.').map((p) => parseInt(p, 10) || 0);
  return [nums[0] ?? 0, nums[1] ?? 0, nums[2] ?? 0];
}

/** -1, 0 or 1. @param {string} a @param {string} b */
export function compareVersions(a, b) {
  const x = parts(a);
  const y = parts(b);
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i] < y[i] ? -1 : 1;
  return 0;
}

/**
 * Status of a widget version against the configured window. No header, or no min/latest configured → ok.
 * @param {VersionConfig} config @param {string | undefined} version
 * @returns {VersionCheckResult}
 */
export function checkWidgetVersion(config, version) {
  const { minWidgetVersion: minVersion, latestWidgetVersion: latestVersion } = config;
  if (!version || (!minVersion && !latestVersion)) return { status: 'ok', canContinue: true };
  if (minVersion && compareVersions(version, minVersion) < 0) {
    return {
      status: 'unsupported',
      message:
        config.versionWarningMessage ??
        `Widget version ${version} is no longer supported. Minimum version: ${minVersion}`,
      minVersion,
      latestVersion,
      canContinue: false,
    };
  }
  if (latestVersion && compareVersions(version, latestVersion) < 0) {
    // One major behind or more is "deprecated"; minor/patch behind is "outdated".
    if (parts(version)[0] < parts(latestVersion)[0]) {
      return {
        status: 'deprecated',
        message:
          config.versionWarningMessage ??
          `Widget version ${version} is deprecated. Please update to ${latestVersion}`,
        minVersion,
        latestVersion,
        canContinue: true,
      };
    }
    return {
      status: 'outdated',
      message: `A newer widget version ${latestVersion} is available`,
      minVersion,
      latestVersion,
      canContinue: true,
    };
  }
  return { status: 'ok', canContinue: true };
}

/**
 * Response headers for a non-ok result (none for ok). Header values must be Latin-1, hence the `encodeURI`
 * fallback for exotic warning messages.
 * @param {VersionCheckResult} result
 * @returns {Record<string, string>}
 */
export function versionHeaders(result) {
  if (result.status === 'ok') return {};
  /** @type {Record<string, string>} */
  const h = { 'X-PocketPing-Version-Status': result.status };
  if (result.minVersion) h['X-PocketPing-Min-Version'] = result.minVersion;
  if (result.latestVersion) h['X-PocketPing-Latest-Version'] = result.latestVersion;
  if (result.message) {
    h['X-PocketPing-Version-Message'] = /^[\x20-\x7e]*$/.test(result.message) ? result.message : encodeURI(result.message);
  }
  return h;
}

/**
 * Data of the `version_warning` frame sent 500 ms after a non-ok `/connect`. sdk-node does not keep the
 * version it checked, hence `currentVersion: "unknown"`.
 * @param {VersionCheckResult} result @param {string} upgradeUrl
 */
export function versionWarning(result, upgradeUrl) {
  const severity = result.status === 'unsupported' ? 'error' : result.status === 'deprecated' ? 'warning' : 'info';
  return {
    severity,
    message: result.message ?? '',
    currentVersion: 'unknown',
    minVersion: result.minVersion,
    latestVersion: result.latestVersion,
    canContinue: result.canContinue,
    upgradeUrl,
  };
}
