import type { Listener, Update } from './store.ts';

/**
 * Undo/redo as a list of whole states: every recorded update pushes the state it
 * replaced. States are immutable, so keeping them is cheap (structural sharing).
 */
export interface History<T> {
  get(): T;
  /** Applies an update the user can undo. */
  record(update: Update<T>): void;
  /** Applies an update that amends the current step (e.g. positions from a finished layout). */
  amend(update: Update<T>): void;
  undo(): void;
  redo(): void;
  /** Makes the present the first step: nothing before it to undo, nothing to redo. */
  forget(): void;
  canUndo(): boolean;
  canRedo(): boolean;
  subscribe(listener: Listener<T>): () => void;
}

export function createHistory<T>(initial: T, limit = 100): History<T> {
  let past: T[] = [];
  let present = initial;
  let future: T[] = [];
  const listeners = new Set<Listener<T>>();

  const set = (next: T) => {
    const previous = present;
    present = next;
    for (const listener of [...listeners]) listener(present, previous);
  };

  return {
    get: () => present,
    record(update) {
      const next = update(present);
      if (next === present) return;
      past = [...past, present].slice(-limit);
      future = [];
      set(next);
    },
    amend(update) {
      const next = update(present);
      if (next !== present) set(next);
    },
    undo() {
      const previous = past[past.length - 1];
      if (previous === undefined) return;
      past = past.slice(0, -1);
      future = [present, ...future];
      set(previous);
    },
    redo() {
      const next = future[0];
      if (next === undefined) return;
      future = future.slice(1);
      past = [...past, present];
      set(next);
    },
    forget() {
      past = [];
      future = [];
    },
    canUndo: () => past.length > 0,
    canRedo: () => future.length > 0,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
