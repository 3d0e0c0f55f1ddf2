// The GEXF writer alone: the package's browser entry also loads its parser, which needs
// a DOMParser at import time and is not wanted in the bundle.
declare module 'graphology-gexf/browser/writer.js' {
  import type Graph from 'graphology-types';
  import type { GexfWriterOptions } from 'graphology-gexf/common/types';
  const write: (graph: Graph, options?: GexfWriterOptions) => string;
  export default write;
}
