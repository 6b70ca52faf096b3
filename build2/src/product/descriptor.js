export const DATA_VERSION_KEY = 'data_version';
export const PLATFORM_KEY = 'platform';
export const DEFAULT_PHASES = [
    { name: 'offline', from: 1, to: 2999 },
    { name: 'backend', from: 3000, to: 5999 },
    { name: 'online', from: 6000, to: 9999 },
];
/** The phases whose services must be up: backend phases need backends, online phases need everything. */
export function rolesUpIn(phase) {
    if (phase === 'offline')
        return [];
    if (phase === 'backend')
        return ['backend'];
    return ['backend', 'app'];
}
