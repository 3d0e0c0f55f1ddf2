import type {
  InvestigationSharing as Sharing,
  InvestigationSummary,
} from '../../../server/investigation-types.ts';
import type { InvestigationSharing } from '../explorer/investigation-sharing.ts';
import { button, clear, el } from './dom.ts';
import './sharing.css';

const CHOICES: { value: Sharing; text: string; hint: string }[] = [
  { value: 'private', text: 'Private', hint: 'Only you (and admins) can open it.' },
  { value: 'read', text: 'Shared: read', hint: 'Everyone signed in can open it and read it.' },
  {
    value: 'edit',
    text: 'Shared: edit',
    hint: 'Everyone signed in can open it; analysts can save versions and notes.',
  },
];

/** How an investigation is shared, in a few words for the list. */
export function sharingLabel(item: Pick<InvestigationSummary, 'sharing' | 'published'>): string {
  const shared = { private: 'private', read: 'shared: read', edit: 'shared: edit' }[item.sharing];
  return item.published ? `${shared} · link` : shared;
}

/**
 * The owner's Share control for one investigation: private, shared to read or to edit,
 * and the read-only link — published (its address shown this once, to copy), or revoked.
 */
export function createShareControl(
  item: InvestigationSummary,
  sharing: InvestigationSharing,
  /** Told the new state, so the list row can say it without being redrawn (the link would go). */
  onChanged: (state: Pick<InvestigationSummary, 'sharing' | 'published'>) => void,
): HTMLElement {
  let current = item.sharing;
  let published = item.published;
  const name = `share-${item.id}`;
  const choices = el('fieldset', { className: 'share-choices' }, [
    el('legend', { text: 'Who can open it' }),
    ...CHOICES.map((choice) => {
      const input = el('input', {
        testId: `share-${choice.value}`,
        attrs: { type: 'radio', name, value: choice.value },
      });
      input.checked = choice.value === current;
      input.addEventListener('change', () => {
        if (!input.checked || choice.value === current) return;
        const before = current;
        current = choice.value;
        void sharing.setSharing(item.id, choice.value).then((ok) => {
          if (!ok) current = before;
          onChanged({ sharing: current, published });
        });
      });
      return el('label', { className: 'share-choice', title: choice.hint }, [input, choice.text]);
    }),
  ]);

  const link = el('div', { className: 'share-link', testId: 'share-link' });
  const renderLink = (address: string | null) => {
    clear(link);
    if (address) {
      const field = el('input', {
        className: 'inv-input',
        testId: 'published-link',
        attrs: { type: 'text', readonly: '', value: address, 'aria-label': 'Read-only link' },
      });
      const copy = button(
        'Copy',
        () => {
          field.select();
          void navigator.clipboard?.writeText(address).then(
            () => (copy.textContent = 'Copied'),
            () => (copy.textContent = 'Select and copy'),
          );
        },
        { className: 'inv-button', testId: 'copy-link' },
      );
      link.append(
        el('p', {
          className: 'share-once',
          text: 'Anyone with this link can read this investigation without signing in. It is shown only now: copy it.',
        }),
        el('div', { className: 'share-row' }, [field, copy]),
      );
    } else {
      link.append(
        el('p', {
          className: 'hint',
          text: published
            ? 'A read-only link is out. Revoke it to stop it working, or make a new one (the old one stops).'
            : 'No read-only link yet.',
        }),
      );
    }
    const actions = el('div', { className: 'share-row' }, [
      button(
        published ? 'New read-only link' : 'Publish read-only link',
        () =>
          void sharing.publish(item.id).then((address) => {
            if (!address) return;
            published = true;
            renderLink(address);
            onChanged({ sharing: current, published });
          }),
        { className: 'inv-button', testId: 'publish-link' },
      ),
      published &&
        button(
          'Revoke link',
          () =>
            void sharing.revoke(item.id).then((ok) => {
              if (!ok) return;
              published = false;
              renderLink(null);
              onChanged({ sharing: current, published });
            }),
          { className: 'inv-button inv-danger', testId: 'revoke-link' },
        ),
    ]);
    link.append(actions);
  };
  renderLink(null);

  return el(
    'div',
    {
      className: 'share-control',
      testId: 'share-control',
      attrs: { role: 'group', 'aria-label': `Sharing of ${item.title}` },
    },
    [choices, link],
  );
}
