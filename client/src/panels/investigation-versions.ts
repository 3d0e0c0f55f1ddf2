import type { InvestigationVersionSummary } from '../../../server/investigation-types.ts';
import type { Investigations } from '../explorer/investigations.ts';
import { investigationLink } from '../state/investigation.ts';
import { button, clear, el } from './dom.ts';

/** A saved date-time as people here read it. */
export function when(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime())
    ? iso
    : date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** `1 note`, `3 notes`. */
export function counted(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** The versions of the open investigation, newest first, each with Open and a link. */
export function createVersionList(investigations: Investigations): {
  element: HTMLElement;
  refresh: () => Promise<void>;
} {
  const versions = el('section', { className: 'inv-versions', testId: 'investigation-versions' });
  let versionsToken = 0;
  async function refresh(): Promise<void> {
    const mine = ++versionsToken;
    const current = investigations.state.get().current;
    clear(versions);
    if (!current) return;
    let items: InvestigationVersionSummary[] = [];
    try {
      items = (await investigations.versions()).items;
    } catch {
      items = [];
    }
    if (mine !== versionsToken) return;
    versions.append(el('h3', { text: `Versions of “${current.title}”` }));
    const rows = el('ol', { className: 'inv-version-list' });
    for (const v of items) {
      const link = investigationLink(current.id, v.version);
      rows.append(
        el(
          'li',
          {
            className: v.version === current.version ? 'current' : '',
            testId: 'investigation-version',
          },
          [
            el('span', { className: 'inv-version-name', text: `v${v.version}` }),
            el('span', {
              className: 'inv-item-meta',
              text: `${when(v.createdAt)} · ${counted(v.nodes, 'node')} · ${v.author}`,
            }),
            button(
              v.version === items[0]?.version ? 'Open' : 'Open read-only',
              () =>
                void investigations.open(
                  current.id,
                  v.version === items[0]?.version ? undefined : v.version,
                ),
              { className: 'inv-link', testId: 'open-version' },
            ),
            el('a', {
              className: 'inv-link',
              text: 'Link',
              title: 'A link that opens this version',
              attrs: { href: link },
              testId: 'version-link',
            }),
          ],
        ),
      );
    }
    versions.append(rows);
  }

  return { element: versions, refresh };
}
