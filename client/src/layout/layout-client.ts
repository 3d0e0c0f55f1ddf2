import type { LayoutRequest, LayoutResult, LayoutWorkerMessage } from './types.ts';

interface Pending {
  onResult: (result: LayoutResult) => void;
  resolve: (result: LayoutResult) => void;
  reject: (error: Error) => void;
}

/** Runs layouts on a Web Worker, started on first use. */
export class LayoutClient {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(private readonly onBusyChange?: (busy: boolean) => void) {}

  /**
   * Resolves with the final positions; `onResult` also hears a draft first for big
   * graphs, so the canvas can show it while the refinement runs.
   */
  layout(request: LayoutRequest, onResult: (result: LayoutResult) => void = () => {}) {
    const requestId = this.nextId++;
    const worker = this.start();
    return new Promise<LayoutResult>((resolve, reject) => {
      this.pending.set(requestId, { onResult, resolve, reject });
      if (this.pending.size === 1) this.onBusyChange?.(true);
      worker.postMessage({ requestId, ...request });
    });
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(new URL('./layout.worker.ts', import.meta.url), { type: 'module' });
    worker.onmessage = (event: MessageEvent<LayoutWorkerMessage>) => {
      const message = event.data;
      const entry = this.pending.get(message.requestId);
      if (!entry) return;
      if ('error' in message) {
        this.finish(message.requestId);
        entry.reject(new Error(`Layout failed: ${message.error}`));
        return;
      }
      entry.onResult(message);
      if (message.final) {
        this.finish(message.requestId);
        entry.resolve(message);
      }
    };
    worker.onerror = (event) => {
      const error = new Error(`Layout worker failed: ${event.message}`);
      for (const [id, entry] of this.pending) {
        this.finish(id);
        entry.reject(error);
      }
      this.worker = undefined;
    };
    this.worker = worker;
    return worker;
  }

  private finish(requestId: number): void {
    this.pending.delete(requestId);
    if (this.pending.size === 0) this.onBusyChange?.(false);
  }
}
