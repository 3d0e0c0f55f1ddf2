import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { SourceResponse } from '../../server/api-types.ts';
import {
  WAIT,
  addFromSearch,
  openPage,
  snapshot,
  useExplorer,
} from './support/explorer-harness.ts';

const explorer = useExplorer();

const ARTICLE = 'source:iran-belarus-defense-2023';
const SHOTS = process.env.ENTENTE_SCREENSHOTS;

async function source(id: string): Promise<SourceResponse> {
  const response = await fetch(`${explorer.url}/api/sources/${encodeURIComponent(id)}`);
  return (await response.json()) as SourceResponse;
}

async function openSource(page: Page, title: string): Promise<void> {
  await page.getByTestId('open-sources').click();
  await page.getByTestId('reader-source').filter({ hasText: title }).first().click();
  await page.getByTestId('reader-text').waitFor();
}

/** The drawn edge that carries a stored relationship, once it is on the canvas. */
async function edgeOf(page: Page, relationshipId: string) {
  let found: Awaited<ReturnType<typeof snapshot>>['edges'][number] | undefined;
  await expect
    .poll(async () => {
      found = (await snapshot(page)).edges.find((e) => e.relationshipIds.includes(relationshipId));
      return found !== undefined;
    }, WAIT)
    .toBe(true);
  return found!;
}

describe('the source reader', () => {
  it('when the article is opened, then every located quote is highlighted, and clicking a highlight puts its relationship on the canvas, selected', async () => {
    const { page, errors, dialogs } = await openPage(explorer);
    const expected = await source(ARTICLE);
    const located = expected.evidence.filter((e) => e.offsets !== null);
    expect(located.length).toBe(expected.evidence.length);

    await openSource(page, 'Iran and Belarus Boost Defense Relationship');
    const text = page.getByTestId('reader-text');
    expect(await text.getByTestId('reader-evidence').count()).toBe(located.length);
    const highlighted = new Set(
      (await text
        .getByTestId('reader-highlight')
        .evaluateAll((marks) =>
          marks.flatMap((m) => (m.getAttribute('data-relationship-ids') ?? '').split(' ')),
        )) as string[],
    );
    expect([...highlighted].sort()).toEqual(located.map((e) => e.relationshipId).sort());
    // The document reads as the article does: the highlights are its own sentences.
    expect(await text.getByTestId('reader-highlight').first().textContent()).toBe(
      'Belarussian Defense Minister Viktor Khrenin visited Tehran this week to increase defense ties with Iran.',
    );

    const satellite = text.getByTestId('reader-highlight').filter({ hasText: 'satellite state' });
    const relationshipId = (await satellite.getAttribute('data-relationship-ids'))!.split(' ')[0]!;
    await satellite.click();
    const edge = await edgeOf(page, relationshipId);
    expect(edge.type).toBe('SATELLITE_OF');
    await expect.poll(async () => (await snapshot(page)).selection, WAIT).toBe(edge.id);
    await expect
      .poll(() => page.getByTestId('details-edge-type').textContent(), WAIT)
      .toBe('SATELLITE_OF');
    expect(errors).toEqual([]);
    expect(dialogs).toEqual([]);
    await page.close();
  });

  it('when Iran BACKS Russia is opened from the note, then details show both sources’ quotes, and a source link opens the reader at that sentence', async () => {
    const { page } = await openPage(explorer, '');
    if (SHOTS) await page.setViewportSize({ width: 1440, height: 900 });
    await openSource(page, 'the Belarus–Iran defence memorandum');
    const chip = page
      .getByTestId('reader-evidence')
      .filter({ hasText: 'Iran BACKS Russia' })
      .first();
    const relationshipId = (await chip.getAttribute('data-relationship-id'))!;
    await chip.click();
    const edge = await edgeOf(page, relationshipId);
    expect(edge.relationshipIds).toHaveLength(2);
    await expect.poll(async () => (await snapshot(page)).selection, WAIT).toBe(edge.id);

    const quotes = page.getByTestId('details-quote');
    await expect.poll(() => quotes.count(), WAIT).toBe(2);
    expect((await quotes.allTextContents()).sort()).toEqual([
      'A German news agency counted both Belarus and Iran among the supporters of Russia’s war on Ukraine on the day of the signing.',
      'Iran has become one of Russia’s principal backers in the Ukraine War.',
    ]);
    expect(await page.getByTestId('details-evidence-summary').textContent()).toContain('2 sources');
    if (SHOTS) {
      await page.waitForTimeout(800);
      await page.screenshot({ path: `${SHOTS}/reader-details-1440.png` });
      await page.setViewportSize({ width: 1024, height: 768 });
      await page.waitForTimeout(800);
      await page.screenshot({ path: `${SHOTS}/reader-details-1024.png` });
      // Below 1,100 px the details panel is a drawer: go back to a width that shows it.
      await page.setViewportSize({ width: 1440, height: 900 });
    }

    // From details back to the article, at the sentence this edge rests on.
    await page
      .getByTestId('details-source-link')
      .filter({ hasText: 'Iran and Belarus Boost Defense Relationship' })
      .click();
    await expect
      .poll(() => page.getByTestId('reader-title').textContent(), WAIT)
      .toBe('Iran and Belarus Boost Defense Relationship');
    await expect
      .poll(() => page.locator('.quote-mark.focused').textContent(), WAIT)
      .toBe('Iran has become one of Russia’s principal backers in the Ukraine War.');
    await page.close();
  });

  it('when Iran SUPPLIES Russia is reported and denied, then the edge is contested, the denial names Iran, and stance filters hide it only when all its evidence is hidden', async () => {
    const { page } = await openPage(explorer);
    await openSource(page, 'the Belarus–Iran defence memorandum');
    const chip = page
      .getByTestId('reader-evidence')
      .filter({ hasText: 'Iran SUPPLIES Russia' })
      .first();
    const relationshipId = (await chip.getAttribute('data-relationship-id'))!;
    await chip.click();
    const edge = await edgeOf(page, relationshipId);
    expect(edge.contested).toBe(true);
    await expect
      .poll(() => page.getByTestId('details-evidence-summary').textContent(), WAIT)
      .toContain('contested');
    expect(
      await page.getByTestId('evidence-denial').getByTestId('details-claimed-by').textContent(),
    ).toBe('Denied by Iran');
    await page.getByTestId('reader-close').click();
    if (SHOTS) {
      await page.setViewportSize({ width: 1440, height: 900 });
      await page.waitForTimeout(800);
      await page.screenshot({ path: `${SHOTS}/contested-1440.png` });
    }

    const visible = async () => (await snapshot(page)).edges.find((e) => e.id === edge.id)?.visible;
    const stances = page.getByTestId('filter-stances');
    await stances.getByText('denial', { exact: true }).click();
    expect(await visible()).toBe(true);
    await stances.getByText('reported', { exact: true }).click();
    expect(await visible()).toBe(false);
    await stances.getByText('denial', { exact: true }).click();
    expect(await visible()).toBe(true);
    await page.close();
  });

  it('when a claimant is clicked in details, then that party is added to the canvas and selected', async () => {
    const { page } = await openPage(explorer);
    await addFromSearch(page, 'Iran');
    await openSource(page, 'the Belarus–Iran defence memorandum');
    await page
      .getByTestId('reader-evidence')
      .filter({ hasText: 'Iran HELPS_BUILD_DRONE_FACTORY_FOR Russia' })
      .first()
      .click();
    const claimant = page.getByTestId('details-claimant').filter({ hasText: 'Nasser Kanaani' });
    await claimant.waitFor({ timeout: WAIT.timeout });
    await claimant.click();
    await expect
      .poll(async () => {
        const scene = await snapshot(page);
        return scene.nodes.find((n) => n.id === scene.selection)?.caption;
      }, WAIT)
      .toBe('Nasser Kanaani');
    await page.close();
  });
});
