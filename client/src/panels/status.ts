import type { DatabaseStatus } from '../api/health-monitor.ts';
import type { Explorer } from '../explorer/explorer.ts';
import { button, el } from './dom.ts';

/** The database banner, the progress bar and the notice line. */
export function createStatus(explorer: Explorer) {
  const banner = el('div', { className: 'banner', testId: 'db-banner', attrs: { role: 'alert' } });
  banner.hidden = true;
  const progress = el('div', {
    className: 'progress',
    testId: 'progress',
    attrs: { role: 'progressbar', 'aria-label': 'Working' },
  });
  progress.hidden = true;
  const noticeText = el('span', { testId: 'notice-text' });
  const notice = el(
    'div',
    { className: 'notice', testId: 'notice', attrs: { role: 'status', 'aria-live': 'polite' } },
    [
      noticeText,
      button('×', () => explorer.notices.dispatch(() => null), {
        className: 'notice-close',
        attrs: { 'aria-label': 'Dismiss' },
      }),
    ],
  );
  notice.hidden = true;
  let noticeTimer: ReturnType<typeof setTimeout> | undefined;

  explorer.notices.subscribe((current) => {
    clearTimeout(noticeTimer);
    notice.hidden = !current;
    if (!current) return;
    noticeText.textContent = current.text;
    notice.classList.toggle('notice-error', current.kind === 'error');
    noticeTimer = setTimeout(
      () => explorer.notices.dispatch(() => null),
      current.kind === 'error' ? 9_000 : 4_000,
    );
  });

  let apiBusy = false;
  let layoutBusy = false;
  const paintBusy = () => {
    progress.hidden = !(apiBusy || layoutBusy);
  };
  let layoutTimer: ReturnType<typeof setTimeout> | undefined;

  return {
    banner,
    progress,
    notice,
    setDatabase(status: DatabaseStatus) {
      banner.hidden = status.reachable;
      banner.textContent = status.reachable
        ? ''
        : `The database is unreachable (${status.message}). Showing what is already loaded; retrying…`;
    },
    setApiBusy(busy: boolean) {
      apiBusy = busy;
      paintBusy();
    },
    setLayoutBusy(busy: boolean) {
      // Like requests, layouts show progress only when they take longer than ~300 ms.
      clearTimeout(layoutTimer);
      if (!busy) {
        layoutBusy = false;
        paintBusy();
        return;
      }
      layoutTimer = setTimeout(() => {
        layoutBusy = true;
        paintBusy();
      }, 300);
    },
  };
}
