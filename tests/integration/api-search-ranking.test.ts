import { describe, expect, it } from 'vitest';
import type { SearchResponse } from '../../server/api-types.ts';
import { useAnalystServer } from '../support/analyst-app.ts';

const app = useAnalystServer();

async function firstCaption(text: string): Promise<string | undefined> {
  const { status, body } = await app.get<SearchResponse>(
    `/api/search?q=${encodeURIComponent(text)}`,
  );
  expect(status).toBe(200);
  return body.results[0]?.caption;
}

describe('search ranking on the article graph', () => {
  it.each([
    ['An Alliance of Evil', 'An Alliance of Evil'],
    ['an alliance of evil', 'An Alliance of Evil'],
    ["Khrenin's visit to Tehran", 'Khrenin’s visit to Tehran'],
    ['Khrenin’s visit to Tehran', 'Khrenin’s visit to Tehran'],
    ['visit to Tehran', 'Khrenin’s visit to Tehran'],
    ['Ministry of Defence', 'Ministry of Defence and Armed Forces Logistics'],
    ['the memorandum of understanding', 'Belarus–Iran defence memorandum of understanding'],
  ])('when the search "%s" holds stop words, then "%s" is found first', async (text, caption) => {
    expect(await firstCaption(text)).toBe(caption);
  });

  it('when a caption is typed exactly, then it ranks first even if a fuzzy alias of another node is close', async () => {
    expect(await firstCaption('Germany')).toBe('Germany');
    expect(await firstCaption('German')).toBe('Germany');
    const { body } = await app.get<SearchResponse>('/api/search?q=Germany');
    const shahed = body.results.findIndex((r) => /Shahed/.test(r.caption));
    expect(shahed === -1 || shahed > 0).toBe(true);
  });

  it('when an alias is typed exactly, then its node ranks first', async () => {
    expect(await firstCaption('Geran-2')).toMatch(/Shahed/);
    expect(await firstCaption('CTP')).toBe('Critical Threats Project');
    expect(await firstCaption('Persia')).toBe('Iran');
  });

  it('when a caption prefix is typed, then the node it begins ranks first', async () => {
    expect(await firstCaption('Critical Thr')).toBe('Critical Threats Project');
    expect(await firstCaption('Alexander Luk')).toBe('Alexander Lukashenko');
  });
});
