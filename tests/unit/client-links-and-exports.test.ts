import { describe, expect, it } from 'vitest';
import { tableToCsv } from '../../client/src/export/scene-export.ts';
import { placeAround } from '../../client/src/layout/initial-placement.ts';
import { decodeSceneLink, encodeSceneLink } from '../../client/src/state/scene-url.ts';
import { labelStyle } from '../../client/src/theme/label-style.ts';

describe('scene links', () => {
  it('when a scene with elementIds, positions and a query is encoded, then decoding gives it back', () => {
    const link = {
      nodes: ['4:abc-def:7', '4:abc-def:12'],
      positions: { '4:abc-def:7': { x: 10, y: -20 }, '4:abc-def:12': { x: 0, y: 5 } },
      query: "MATCH (n {name: 'A&B=#'}) RETURN n",
    };
    const hash = encodeSceneLink(link);
    expect(hash.startsWith('#n=')).toBe(true);
    expect(decodeSceneLink(hash)).toEqual(link);
  });

  it('when a link is mangled, then it opens what it can', () => {
    expect(decodeSceneLink('#n=a,%E0%A4%A&q=%')).toEqual({ nodes: [], positions: {}, query: null });
    expect(decodeSceneLink('#n=a,b&p=1,2;junk')).toEqual({
      nodes: ['a', 'b'],
      positions: { a: { x: 1, y: 2 } },
      query: null,
    });
    expect(decodeSceneLink('')).toEqual({ nodes: [], positions: {}, query: null });
    // A coordinate too long to be real (it would read as Infinity) is dropped, not kept.
    expect(decodeSceneLink(`#n=a,b&p=${'9'.repeat(400)},2;3,4`).positions).toEqual({
      b: { x: 3, y: 4 },
    });
  });
});

describe('CSV export', () => {
  it('then quotes, commas, newlines and formula-like cells stay text', () => {
    const csv = tableToCsv(
      ['name', 'note'],
      [
        ['Iran, Islamic Republic', 'said "no"'],
        ['=HYPERLINK("x")', { a: 1 }],
        [null, 3],
      ],
    );
    expect(csv).toBe(
      'name,note\r\n"Iran, Islamic Republic","said ""no"""\r\n"\'=HYPERLINK(""x"")","{""a"":1}"\r\n,3\r\n',
    );
  });
});

describe('CSV export in semicolon locales', () => {
  it('when a cell holds a semicolon or a formula start after a separator, then a ;-locale spreadsheet still reads one text cell', () => {
    expect(tableToCsv(['a'], [['Minsk; Tehran']])).toBe('a\r\n"Minsk; Tehran"\r\n');
    expect(tableToCsv(['a'], [['x;=cmd|" /C calc"!A0']])).toBe(
      'a\r\n"x;\'=cmd|"" /C calc""!A0"\r\n',
    );
    expect(tableToCsv(['a', 'b', 'c'], [['ok,+1', 'tab\t@SUM(A1)', '-2']])).toBe(
      'a,b,c\r\n"ok,\'+1","tab\t\'@SUM(A1)",\'-2\r\n',
    );
  });
});

describe('CSV export for spreadsheets set to a semicolon or tab separator', () => {
  it('when a cell holds a `;`, then it is quoted so the spreadsheet keeps it whole', () => {
    expect(tableToCsv(['note'], [['Minsk; Tehran']])).toBe('note\r\n"Minsk; Tehran"\r\n');
  });

  it('when a formula follows a separator inside a cell, then it is escaped as text too', () => {
    const csv = tableToCsv(['note'], [['ok;=HYPERLINK("http://x")'], ['a,\t+1'], ['x\t@SUM(A1)']]);
    expect(csv).toBe(
      'note\r\n"ok;\'=HYPERLINK(""http://x"")"\r\n"a,\t\'+1"\r\n"x\t\'@SUM(A1)"\r\n',
    );
  });
});

describe('initial placement', () => {
  it('when 50 newcomers arrive around a node, then they all get distinct spots near it', () => {
    const ids = Array.from({ length: 50 }, (_, i) => `n${i}`);
    const spots = placeAround({ x: 100, y: 100 }, ids, [{ x: 0, y: 0 }]);
    expect(Object.keys(spots)).toHaveLength(50);
    const keys = new Set(Object.values(spots).map((p) => `${Math.round(p.x)},${Math.round(p.y)}`));
    expect(keys.size).toBe(50);
    for (const p of Object.values(spots))
      expect(Math.hypot(p.x - 100, p.y - 100)).toBeLessThan(400);
  });
});

describe('label styles', () => {
  it('then a label always gets the same look, and a schema gives its labels distinct looks', () => {
    expect(labelStyle('Person')).toEqual(labelStyle('Person'));
    const labels = [
      'Agreement',
      'Event',
      'Organisation',
      'Person',
      'Place',
      'Source',
      'State',
      'Weapon',
    ];
    const schema = { labels: labels.map((label) => ({ label })) };
    const looks = new Set(labels.map((l) => JSON.stringify(labelStyle(l, schema))));
    expect(looks.size).toBe(labels.length);
    expect(new Set(labels.map((l) => labelStyle(l, schema).color)).size).toBe(labels.length);
  });

  it('when the schema lists the same labels in another order, then every label keeps its look', () => {
    const labels = ['State', 'Person', 'Agreement', 'Event', 'Weapon'];
    const first = { labels: labels.map((label) => ({ label })) };
    const reordered = { labels: [...labels].reverse().map((label) => ({ label })) };
    for (const label of labels) {
      expect(labelStyle(label, reordered)).toEqual(labelStyle(label, first));
    }
  });
});
