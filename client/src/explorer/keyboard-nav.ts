import type { Position } from '../state/types.ts';

export type Direction = 'left' | 'right' | 'up' | 'down';

export const ARROW_KEYS: Readonly<Record<string, Direction>> = {
  ArrowLeft: 'left',
  ArrowRight: 'right',
  ArrowUp: 'up',
  ArrowDown: 'down',
};

const UNIT: Record<Direction, Position> = {
  left: { x: -1, y: 0 },
  right: { x: 1, y: 0 },
  up: { x: 0, y: -1 },
  down: { x: 0, y: 1 },
};

/**
 * The node an arrow key moves to: the nearest one lying within 60° of the arrow's
 * direction, where sideways distance counts double so a node straight ahead wins over a
 * closer one off to the side. Without a current node, the one nearest `centre`.
 */
export function nodeInDirection(
  positions: Readonly<Record<string, Position>>,
  candidates: Iterable<string>,
  from: string | null,
  direction: Direction,
  centre: Position,
): string | null {
  const origin = from ? positions[from] : undefined;
  let best: string | null = null;
  let bestScore = Infinity;
  for (const id of candidates) {
    const p = positions[id];
    if (!p || id === from) continue;
    let score: number;
    if (origin) {
      const dx = p.x - origin.x;
      const dy = p.y - origin.y;
      const ahead = dx * UNIT[direction].x + dy * UNIT[direction].y;
      const aside = Math.abs(dx * UNIT[direction].y - dy * UNIT[direction].x);
      // tan 60° ≈ 1.732: anything further to the side is not "in that direction".
      if (ahead <= 0 || aside > ahead * 1.732) continue;
      score = ahead + 2 * aside;
    } else {
      score = Math.hypot(p.x - centre.x, p.y - centre.y);
    }
    if (score < bestScore || (score === bestScore && best !== null && id < best)) {
      best = id;
      bestScore = score;
    }
  }
  return best;
}
