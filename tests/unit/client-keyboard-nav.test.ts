import { describe, expect, it } from 'vitest';
import { nodeInDirection } from '../../client/src/explorer/keyboard-nav.ts';

// A plus sign around `c`, with `far` further right and `diag` off to the lower right.
const positions = {
  c: { x: 0, y: 0 },
  right: { x: 100, y: 10 },
  far: { x: 200, y: 0 },
  left: { x: -100, y: 0 },
  up: { x: 5, y: -100 },
  down: { x: 0, y: 100 },
  diag: { x: 100, y: 60 },
};
const all = Object.keys(positions);
const centre = { x: 0, y: 0 };

describe('moving between nodes with arrow keys', () => {
  it('when an arrow is pressed, then the nearest node that way is chosen', () => {
    expect(nodeInDirection(positions, all, 'c', 'right', centre)).toBe('right');
    expect(nodeInDirection(positions, all, 'c', 'left', centre)).toBe('left');
    expect(nodeInDirection(positions, all, 'c', 'up', centre)).toBe('up');
    expect(nodeInDirection(positions, all, 'c', 'down', centre)).toBe('down');
  });

  it('when a node lies well off to the side, then one straight ahead wins even if further', () => {
    const without = all.filter((id) => id !== 'right');
    // diag is nearer than far, but 31° off the axis: sideways distance counts double.
    expect(nodeInDirection(positions, without, 'c', 'right', centre)).toBe('far');
  });

  it('when nothing lies that way, or the candidates are filtered out, then nothing is chosen', () => {
    expect(nodeInDirection(positions, all, 'far', 'right', centre)).toBeNull();
    expect(nodeInDirection(positions, ['c', 'left'], 'c', 'right', centre)).toBeNull();
  });

  it('when nothing is selected, then the node nearest the middle of the view is chosen', () => {
    expect(nodeInDirection(positions, all, null, 'right', { x: 190, y: 5 })).toBe('far');
  });
});
