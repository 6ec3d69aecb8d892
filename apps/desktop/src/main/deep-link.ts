/**
 * weightplan:// links: "Copy link" in the desktop app gives `weightplan://open#/<view>?<query>` (the page's
 * own hash, packages/ui/src/state/url-state.ts), which `weightplan estimate --plan-url` also reads. The OS
 * hands such a link to the app (macOS: `open-url`; Windows and Linux: the command line of a new instance,
 * passed on in `second-instance`), and the window is moved to that state by loading the same page with the
 * link's hash. Only the hash travels: a link can choose a view and the planner's fields, never a page,
 * a file or a script.
 */

export const DEEP_LINK_SCHEME = 'weightplan';

/** Far beyond any real link (a saved profile in base64 is a few kilobytes); refuses pasted novels. */
export const MAX_DEEP_LINK_CHARS = 16_384;

/** `#/view?query`: a lower-case view name, then a query of URL-safe characters only. */
const PAGE_HASH = /^#\/[a-z-]{0,32}(\?[A-Za-z0-9\-._~%!$&'()*+,;=:@/?]*)?$/;

export class DeepLinkError extends Error {
  override readonly name = 'DeepLinkError';
}

/** The page hash a weightplan:// link asks for; a one-line DeepLinkError saying what is accepted otherwise. */
export function parseDeepLink(text: string): { hash: string } {
  const accepted = `a Weightplan link is ${DEEP_LINK_SCHEME}://open#/<view>?<settings>, as "Copy link" gives it`;
  if (text.length > MAX_DEEP_LINK_CHARS) {
    throw new DeepLinkError(`the link is ${text.length} characters long, more than ${MAX_DEEP_LINK_CHARS}; ${accepted}`);
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new DeepLinkError(`"${text.slice(0, 80)}" is not a URL; ${accepted}`);
  }
  if (url.protocol !== `${DEEP_LINK_SCHEME}:`) throw new DeepLinkError(`"${url.protocol}" links are not Weightplan's; ${accepted}`);
  // Some systems add a slash before the hash (weightplan://open/#/…); nothing else may sit there.
  if (url.host !== 'open' || (url.pathname !== '' && url.pathname !== '/') || url.search !== '' || url.username || url.password) {
    throw new DeepLinkError(`"${text.slice(0, 80)}" names something other than a planner state; ${accepted}`);
  }
  const hash = url.hash === '' ? '#/answer' : url.hash;
  if (!PAGE_HASH.test(hash)) throw new DeepLinkError(`the link's state "${hash.slice(0, 80)}" is malformed; ${accepted}`);
  return { hash };
}

/** The weightplan:// link among a new instance's arguments (Windows and Linux pass it there), if any. */
export function deepLinkInArgv(argv: readonly string[]): string | undefined {
  return argv.find((argument) => argument.toLowerCase().startsWith(`${DEEP_LINK_SCHEME}://`));
}

/** The app's page with the link's hash in place of its own: the same document, so only the state changes. */
export function pageUrlWithHash(pageUrl: string, hash: string): string {
  const base = pageUrl.split('#', 1)[0] ?? pageUrl;
  return `${base}${hash}`;
}
