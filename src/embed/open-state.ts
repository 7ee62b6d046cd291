/**
 * Whether the window was open when this tab last left the page (a reload, a link to another page of
 * the site): it opens again at once, without waiting for the browser to be idle and without moving
 * focus. Kept in `sessionStorage` (this tab only, read without waiting); where storage is blocked the
 * window simply starts closed.
 */

const key = (backend: string) => 'parley-open:' + backend;

/** Backends whose remembered state this page has read: it counts for the page's first widget only. */
const read = new Set<string>();

/**
 * Whether the window of the widget for `backend` was open in this tab when it left the previous
 * page. Only the first start on a page asks: a widget the host destroys and creates again, or
 * restarts with a new config, starts closed as usual.
 */
export function wasOpen(backend: string): boolean {
  if (read.has(backend)) return false;
  read.add(backend);
  try {
    return sessionStorage.getItem(key(backend)) == '1';
  } catch {
    return false;
  }
}

/** Remembers that the window of the widget for `backend` is open (or not) in this tab. */
export function rememberOpen(backend: string, open: boolean): void {
  try {
    if (open) sessionStorage.setItem(key(backend), '1');
    else sessionStorage.removeItem(key(backend));
  } catch {
    // Blocked storage: the next page starts closed.
  }
}
