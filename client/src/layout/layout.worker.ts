/// <reference lib="webworker" />
import { computeLayout } from './fcose-layout.ts';
import type { LayoutWorkerMessage, LayoutWorkerRequest } from './types.ts';

// Layouts run here so the page never freezes; requests are handled one at a time.
const scope = self as unknown as DedicatedWorkerGlobalScope;

scope.onmessage = (event: MessageEvent<LayoutWorkerRequest>) => {
  const { requestId, ...request } = event.data;
  try {
    computeLayout(request, (result) => {
      const message: LayoutWorkerMessage = { requestId, ...result };
      scope.postMessage(message);
    });
  } catch (error) {
    const message: LayoutWorkerMessage = {
      requestId,
      error: error instanceof Error ? error.message : String(error),
    };
    scope.postMessage(message);
  }
};
