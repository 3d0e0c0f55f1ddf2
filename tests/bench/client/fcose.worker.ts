/// <reference lib="webworker" />
import type { Quality } from './bench-api.ts';
import { runFcose } from './fcose-run.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope;

scope.onmessage = (event: MessageEvent<{ nodes: number; quality: Quality; seed: number }>) => {
  const { nodes, quality, seed } = event.data;
  scope.postMessage({ ms: runFcose(nodes, quality, seed) });
};
