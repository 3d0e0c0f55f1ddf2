import type {
  ErrorResponse,
  ExpandRequest,
  ExpandResponse,
  GraphPayload,
  HealthResponse,
  JsonValue,
  NeighborsResponse,
  GraphNode,
  NodeDetailsResponse,
  PathsResponse,
  QueryRequest,
  QueryResponse,
  SavedQueriesResponse,
  SchemaResponse,
  SearchResponse,
  SessionResponse,
  SignedInUser,
  SubgraphRequest,
  SourceResponse,
  SourcesResponse,
} from '../../../server/api-types.ts';
import type {
  InvestigationCreateRequest,
  InvestigationListResponse,
  InvestigationNote,
  InvestigationResponse,
  InvestigationUpdateRequest,
  InvestigationVersionsResponse,
  NoteTarget,
  PublishedInvestigationResponse,
  PublishedLinkResponse,
  SharingResponse,
} from '../../../server/investigation-types.ts';

/** An API failure with a message fit to show a person. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly details?: JsonValue,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Requests slower than this show the progress indicator. */
const PROGRESS_DELAY_MS = 300;

export interface ApiClientOptions {
  baseUrl?: string;
  /** Told when something has been running longer than ~300 ms, and when all is done. */
  onBusyChange?: (busy: boolean) => void;
  /** Told when a request answered 503: the database may be down. */
  onUnavailable?: () => void;
  /** Told when a request answered 401: the session ended (signed out elsewhere, expired). */
  onUnauthorized?: () => void;
}

export interface NeighbourQuery {
  types?: string[];
  direction?: 'in' | 'out' | 'both';
  limit?: number;
  cursor?: string | null;
}

/** The one place the client talks HTTP. */
export class ApiClient {
  private readonly baseUrl: string;
  private pending = 0;
  private slow = 0;

  constructor(private readonly options: ApiClientOptions = {}) {
    this.baseUrl = options.baseUrl ?? '';
  }

  search(q: string, limit = 10, signal?: AbortSignal): Promise<SearchResponse> {
    return this.get(`/api/search?${query({ q, limit })}`, signal, false);
  }

  /** A node by its stable `id` property, as claimedBy and sourceId name it. */
  nodeByKey(key: string): Promise<GraphNode> {
    return this.get(`/api/nodes/by-key/${encodeURIComponent(key)}`);
  }

  nodeDetails(id: string): Promise<NodeDetailsResponse> {
    return this.get(`/api/nodes/${encodeURIComponent(id)}`);
  }

  neighbours(id: string, options: NeighbourQuery = {}): Promise<NeighborsResponse> {
    return this.get(
      `/api/nodes/${encodeURIComponent(id)}/neighbors?${query({
        types: options.types?.join(','),
        direction: options.direction,
        limit: options.limit,
        cursor: options.cursor ?? undefined,
      })}`,
    );
  }

  expand(request: ExpandRequest): Promise<ExpandResponse> {
    return this.post('/api/expand', request);
  }

  subgraph(request: SubgraphRequest): Promise<GraphPayload> {
    return this.post('/api/subgraph', request);
  }

  /** `stances` and `types`, when given, are the only ones a path may go through. */
  paths(
    from: string,
    to: string,
    options: {
      maxHops?: number;
      stances?: string[] | undefined;
      types?: string[] | undefined;
    } = {},
  ): Promise<PathsResponse> {
    return this.get(
      `/api/paths?${query({
        from,
        to,
        maxHops: options.maxHops ?? 6,
        // An empty list still says "none of them": a lone comma is a list of no names.
        stances: options.stances && (options.stances.join(',') || ','),
        types: options.types?.join(','),
      })}`,
    );
  }

  query(request: QueryRequest): Promise<QueryResponse> {
    return this.post('/api/query', request);
  }

  savedQueries(): Promise<SavedQueriesResponse> {
    return this.get('/api/queries');
  }

  runSavedQuery(name: string, params: Record<string, JsonValue>): Promise<QueryResponse> {
    return this.post(`/api/queries/${encodeURIComponent(name)}/run`, { params });
  }

  sources(): Promise<SourcesResponse> {
    return this.get('/api/sources');
  }

  source(id: string): Promise<SourceResponse> {
    return this.get(`/api/sources/${encodeURIComponent(id)}`);
  }

  schema(): Promise<SchemaResponse> {
    return this.get('/api/schema');
  }

  /** Whether sign-in is on, and who is signed in. */
  session(): Promise<SessionResponse> {
    return this.request('/api/session', { method: 'GET', cache: 'no-store' }, false);
  }

  /** Where the browser goes (a navigation, not a fetch) to sign in through single sign-on. */
  readonly singleSignOnPath = '/api/session/oidc';

  signIn(username: string, password: string): Promise<SignedInUser> {
    return this.post('/api/session', { username, password });
  }

  async signOut(): Promise<void> {
    await this.request('/api/session', { method: 'DELETE' }, false);
  }

  // ---------------------------------------------------------------- investigations

  investigations(q = ''): Promise<InvestigationListResponse> {
    return this.get(`/api/investigations?${query({ q })}`, undefined, false);
  }

  investigation(id: string, version?: number): Promise<InvestigationResponse> {
    const path = `/api/investigations/${encodeURIComponent(id)}`;
    return this.get(version === undefined ? path : `${path}/versions/${version}`);
  }

  investigationVersions(id: string): Promise<InvestigationVersionsResponse> {
    return this.get(`/api/investigations/${encodeURIComponent(id)}/versions`, undefined, false);
  }

  createInvestigation(request: InvestigationCreateRequest): Promise<InvestigationResponse> {
    return this.post('/api/investigations', request);
  }

  updateInvestigation(
    id: string,
    request: InvestigationUpdateRequest,
  ): Promise<InvestigationResponse> {
    return this.send('PUT', `/api/investigations/${encodeURIComponent(id)}`, request);
  }

  deleteInvestigation(id: string): Promise<unknown> {
    return this.send('DELETE', `/api/investigations/${encodeURIComponent(id)}`);
  }

  addNote(id: string, text: string, target?: NoteTarget): Promise<InvestigationNote> {
    return this.post(`/api/investigations/${encodeURIComponent(id)}/notes`, { text, target });
  }

  updateNote(id: string, noteId: string, text: string): Promise<InvestigationNote> {
    const path = `/api/investigations/${encodeURIComponent(id)}/notes/${encodeURIComponent(noteId)}`;
    return this.send('PATCH', path, { text });
  }

  deleteNote(id: string, noteId: string): Promise<unknown> {
    const path = `/api/investigations/${encodeURIComponent(id)}/notes/${encodeURIComponent(noteId)}`;
    return this.send('DELETE', path);
  }

  /** Private (`private`), or shared with every signed-in user to read or edit. */
  setSharing(id: string, sharing: 'private' | 'read' | 'edit'): Promise<SharingResponse> {
    const path = `/api/investigations/${encodeURIComponent(id)}/sharing`;
    return sharing === 'private'
      ? this.send('DELETE', path)
      : this.send('PUT', path, { access: sharing });
  }

  /** A new read-only link; its token is in this answer only. */
  publishLink(id: string): Promise<PublishedLinkResponse> {
    return this.post(`/api/investigations/${encodeURIComponent(id)}/link`, {});
  }

  revokeLink(id: string): Promise<SharingResponse> {
    return this.send('DELETE', `/api/investigations/${encodeURIComponent(id)}/link`);
  }

  /** What a read-only link opens; needs no session. */
  published(token: string): Promise<PublishedInvestigationResponse> {
    return this.get(`/api/published/${encodeURIComponent(token)}`);
  }

  /** The briefing as text (Markdown or a self-contained HTML page). */
  report(id: string, format: 'md' | 'html', version?: number): Promise<string> {
    return this.text(
      `/api/investigations/${encodeURIComponent(id)}/report?${query({ format, version })}`,
    );
  }

  /** The briefing of a read-only link's investigation. */
  publishedReport(token: string, format: 'md' | 'html'): Promise<string> {
    return this.text(`/api/published/${encodeURIComponent(token)}/report?${query({ format })}`);
  }

  private async text(path: string): Promise<string> {
    const response = await fetch(`${this.baseUrl}${path}`).catch(() => {
      throw new ApiError('NETWORK', 'The Entente server could not be reached.', 0);
    });
    const text = await response.text();
    if (!response.ok) throw toApiError(response.status, text, this.options.onUnavailable);
    return text;
  }

  /** Never throws: an unreachable server reads as an unavailable database. */
  async health(): Promise<HealthResponse> {
    try {
      const response = await fetch(`${this.baseUrl}/api/health`, { cache: 'no-store' });
      const body = (await response.json()) as HealthResponse;
      if (body && typeof body === 'object' && 'status' in body) return body;
      throw new Error('unexpected health answer');
    } catch {
      return {
        status: 'unavailable',
        neo4j: { connected: false, message: 'The Entente server does not answer.' },
      };
    }
  }

  private get<T>(path: string, signal?: AbortSignal, showProgress = true): Promise<T> {
    return this.request<T>(path, { method: 'GET', signal: signal ?? null }, showProgress);
  }

  private post<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  }

  private send<T>(method: 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T> {
    return this.request<T>(path, {
      method,
      ...(body === undefined
        ? {}
        : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    });
  }

  private async request<T>(path: string, init: RequestInit, showProgress = true): Promise<T> {
    const timer = showProgress ? this.startProgress() : undefined;
    try {
      let response: Response;
      try {
        response = await fetch(`${this.baseUrl}${path}`, init);
      } catch (error) {
        if (error instanceof DOMException && error.name === 'AbortError') throw error;
        throw new ApiError('NETWORK', 'The Entente server could not be reached.', 0);
      }
      const text = await response.text();
      if (response.status === 401 && !path.startsWith('/api/session')) {
        this.options.onUnauthorized?.();
      }
      if (!response.ok) throw toApiError(response.status, text, this.options.onUnavailable);
      if (response.status === 204) return undefined as T;
      try {
        return JSON.parse(text) as T;
      } catch {
        throw new ApiError('BAD_RESPONSE', 'The server answered with something unreadable.', 0);
      }
    } finally {
      timer?.();
    }
  }

  private startProgress(): () => void {
    this.pending += 1;
    let counted = false;
    const handle = setTimeout(() => {
      counted = true;
      this.slow += 1;
      if (this.slow === 1) this.options.onBusyChange?.(true);
    }, PROGRESS_DELAY_MS);
    return () => {
      clearTimeout(handle);
      this.pending -= 1;
      if (counted) {
        this.slow -= 1;
        if (this.slow === 0) this.options.onBusyChange?.(false);
      }
    };
  }
}

function query(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== '') search.set(key, String(value));
  }
  return search.toString();
}

function toApiError(status: number, text: string, onUnavailable?: () => void): ApiError {
  if (status === 503) onUnavailable?.();
  try {
    const body = JSON.parse(text) as Partial<ErrorResponse>;
    if (body.error && typeof body.error.message === 'string') {
      return new ApiError(
        body.error.code ?? 'ERROR',
        body.error.message,
        status,
        body.error.details,
      );
    }
  } catch {
    // Not JSON: fall through to a message by status.
  }
  const byStatus: Record<number, string> = {
    404: 'Not found.',
    413: 'The request is too large.',
    429: 'Too many requests: wait a moment and try again.',
    503: 'The database is unreachable right now.',
  };
  return new ApiError(
    `HTTP_${status}`,
    byStatus[status] ?? `The server failed (HTTP ${status}).`,
    status,
  );
}

/** A readable message for anything thrown while talking to the API. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error) return error.message;
  return 'Something went wrong.';
}
