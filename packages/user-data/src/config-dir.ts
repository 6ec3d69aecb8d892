import envPaths from 'env-paths';

/**
 * Where Weightplan keeps the user's files: the platform's config directory (~/.config/weightplan on
 * Linux, ~/Library/Preferences/weightplan on macOS, %APPDATA%\weightplan\Config on Windows), or
 * WEIGHTPLAN_CONFIG_DIR when set (tests, portable installs).
 */
export function configDirectory(): string {
  return process.env.WEIGHTPLAN_CONFIG_DIR ?? envPaths('weightplan', { suffix: '' }).config;
}
