/** A value that changes only by pure updates, with listeners told after each change. */
export type Update<T> = (state: T) => T;
export type Listener<T> = (state: T, previous: T) => void;

export interface Store<T> {
  get(): T;
  dispatch(update: Update<T>): void;
  subscribe(listener: Listener<T>): () => void;
}

export function createStore<T>(initial: T): Store<T> {
  let state = initial;
  const listeners = new Set<Listener<T>>();
  return {
    get: () => state,
    dispatch(update) {
      const previous = state;
      const next = update(previous);
      if (next === previous) return;
      state = next;
      for (const listener of [...listeners]) listener(state, previous);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
