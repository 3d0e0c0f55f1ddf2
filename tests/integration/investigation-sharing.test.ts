import { beforeAll, describe, expect, it } from 'vitest';
import type { GraphPayload, SchemaResponse, SearchResponse } from '../../server/api-types.ts';
import type {
  InvestigationListResponse,
  InvestigationNote,
  InvestigationResponse,
  InvestigationScene,
  PublishedInvestigationResponse,
  PublishedLinkResponse,
  SharingResponse,
} from '../../server/investigation-types.ts';
import { createAnalystServices } from '../../server/services/analyst-services.ts';
import { ACCOUNTS, useAuthServer } from '../support/auth-app.ts';

const server = useAuthServer();

/** A second analyst, so one analyst's investigation can be someone else's to see or not. */
const OTHER = { username: 'bo', password: 'bo-checks-the-sources' };

interface Answer<T = unknown> {
  status: number;
  body: T;
  text: string;
}

let addressCounter = 0;
/** Each caller its own address, so no test's rate limits touch another's. */
const freshAddress = () => `10.9.0.${++addressCounter}`;

async function call<T = unknown>(
  method: string,
  path: string,
  options: { cookie?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<Answer<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.cookie) headers.cookie = options.cookie;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.cookie && method !== 'GET') headers.origin = server.url;
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // A report, not JSON: kept as text.
  }
  return { status: response.status, body: body as T, text };
}

async function signIn(username: string, password: string): Promise<string> {
  const response = await fetch(`${server.url}/api/session`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      origin: server.url,
      'x-forwarded-for': freshAddress(),
    },
    body: JSON.stringify({ username, password }),
  });
  expect(response.status).toBe(200);
  return (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
}

const errorCode = (answer: Answer) =>
  (answer.body as { error?: { code?: string } } | null)?.error?.code;

/** Signed-in cookies: the owner (an analyst), another analyst, a viewer and an admin. */
const cookies = { owner: '', other: '', viewer: '', admin: '' };
let scene: InvestigationScene;

beforeAll(async () => {
  await server.auth.users.create(
    OTHER.username,
    'analyst',
    await server.auth.hasher.hash(OTHER.password),
  );
  cookies.owner = await signIn(ACCOUNTS.analyst.username, ACCOUNTS.analyst.password);
  cookies.other = await signIn(OTHER.username, OTHER.password);
  cookies.viewer = await signIn(ACCOUNTS.viewer.username, ACCOUNTS.viewer.password);
  cookies.admin = await signIn(ACCOUNTS.admin.username, ACCOUNTS.admin.password);
  const idOf = async (q: string) => {
    const found = await call<SearchResponse>('GET', `/api/search?q=${q}&labels=State&limit=1`, {
      cookie: cookies.owner,
    });
    const id = found.body.results[0]?.id;
    if (!id) throw new Error(`no ${q} in the article graph`);
    return id;
  };
  const ids = [await idOf('Belarus'), await idOf('Iran')];
  const graph = await call<GraphPayload>('POST', '/api/subgraph', {
    cookie: cookies.owner,
    body: { ids },
  });
  scene = {
    nodes: ids.map((id, i) => ({ id, x: i * 100, y: 0 })),
    edges: graph.body.edges.map((e) => e.id),
    filters: {},
  };
});

async function createAsOwner(title: string): Promise<InvestigationResponse> {
  const created = await call<InvestigationResponse>('POST', '/api/investigations', {
    cookie: cookies.owner,
    body: { title, scene },
  });
  expect(created.status).toBe(201);
  return created.body;
}

const listedTitles = async (cookie: string) =>
  (await call<InvestigationListResponse>('GET', '/api/investigations', { cookie })).body.items.map(
    (i) => i.title,
  );

const saveVersion = (id: string, cookie: string, baseVersion: number) =>
  call<InvestigationResponse>('PUT', `/api/investigations/${id}`, {
    cookie,
    body: { baseVersion, scene: { ...scene, nodes: scene.nodes.slice(0, 1) } },
  });

const share = (id: string, access: 'read' | 'edit', cookie = cookies.owner) =>
  call<SharingResponse>('PUT', `/api/investigations/${id}/sharing`, { cookie, body: { access } });

const publish = (id: string, cookie = cookies.owner) =>
  call<PublishedLinkResponse>('POST', `/api/investigations/${id}/link`, { cookie });

/**
 * The audit entries of one action on one investigation, once there are `expected` of them
 * (each is written just after its answer goes out).
 */
async function auditOf(
  action: string,
  target: string,
  expected = 1,
): Promise<Record<string, unknown>[]> {
  for (let attempt = 0; ; attempt++) {
    const trail = await call<{ entries: Record<string, unknown>[] }>(
      'GET',
      `/api/audit?action=${action}&limit=500`,
      { cookie: cookies.admin },
    );
    const entries = trail.body.entries.filter((e) => e.target === target);
    if (entries.length >= expected || attempt >= 20) return entries;
    await new Promise((done) => setTimeout(done, 100));
  }
}

describe('when an analyst saves an investigation with sign-in on', () => {
  it('when nobody shared it, then another analyst and a viewer can neither list nor open it (404, never 403)', async () => {
    const mine = await createAsOwner('Private: the Tehran visit');
    expect(mine).toMatchObject({
      owner: ACCOUNTS.analyst.username,
      sharing: 'private',
      published: false,
      access: 'owner',
    });
    expect(await listedTitles(cookies.owner)).toContain('Private: the Tehran visit');
    for (const cookie of [cookies.other, cookies.viewer]) {
      expect(await listedTitles(cookie)).not.toContain('Private: the Tehran visit');
      for (const path of ['', '/versions', '/versions/1', '/report']) {
        const answer = await call('GET', `/api/investigations/${mine.id}${path}`, { cookie });
        expect(answer.status, path).toBe(404);
        expect(errorCode(answer)).toBe('NOT_FOUND');
      }
    }
    const write = await saveVersion(mine.id, cookies.other, 1);
    expect(write.status).toBe(404);
    const note = await call('POST', `/api/investigations/${mine.id}/notes`, {
      cookie: cookies.other,
      body: { text: 'I should not be here' },
    });
    expect(note.status).toBe(404);
    expect(
      (await call('DELETE', `/api/investigations/${mine.id}`, { cookie: cookies.other })).status,
    ).toBe(404);
    // A private investigation's answer to a stranger matches one that does not exist.
    const unknown = await call('GET', '/api/investigations/00000000-0000-4000-8000-000000000000', {
      cookie: cookies.other,
    });
    const hidden = await call('GET', `/api/investigations/${mine.id}`, { cookie: cookies.other });
    expect(unknown.status).toBe(hidden.status);
    expect(errorCode(unknown)).toBe(errorCode(hidden));
  });

  it('when it is private, then an admin still lists and opens it', async () => {
    const mine = await createAsOwner('Private: seen by the admin');
    expect(await listedTitles(cookies.admin)).toContain('Private: seen by the admin');
    const opened = await call<InvestigationResponse>('GET', `/api/investigations/${mine.id}`, {
      cookie: cookies.admin,
    });
    expect(opened.status).toBe(200);
    expect(opened.body.access).toBe('owner');
  });

  it('when it is shared to read, then others read it, and a save, a note, a share or a delete answers 403', async () => {
    const mine = await createAsOwner('Shared to read: drones');
    const shared = await share(mine.id, 'read');
    expect(shared.status).toBe(200);
    expect(shared.body).toMatchObject({ id: mine.id, sharing: 'read', published: false });

    for (const cookie of [cookies.other, cookies.viewer]) {
      expect(await listedTitles(cookie)).toContain('Shared to read: drones');
      const opened = await call<InvestigationResponse>('GET', `/api/investigations/${mine.id}`, {
        cookie,
      });
      expect(opened.status).toBe(200);
      expect(opened.body).toMatchObject({ title: 'Shared to read: drones', access: 'read' });
      const report = await call('GET', `/api/investigations/${mine.id}/report?format=md`, {
        cookie,
      });
      expect(report.status).toBe(200);
    }
    const save = await saveVersion(mine.id, cookies.other, 1);
    expect(save.status).toBe(403);
    expect(errorCode(save)).toBe('FORBIDDEN_INVESTIGATION');
    const note = await call('POST', `/api/investigations/${mine.id}/notes`, {
      cookie: cookies.other,
      body: { text: 'a reader cannot write this' },
    });
    expect(note.status).toBe(403);
    expect((await share(mine.id, 'edit', cookies.other)).status).toBe(403);
    expect((await publish(mine.id, cookies.other)).status).toBe(403);
    expect(
      (await call('DELETE', `/api/investigations/${mine.id}`, { cookie: cookies.other })).status,
    ).toBe(403);
    // The viewer's role stops a write before sharing is looked at.
    const viewerSave = await saveVersion(mine.id, cookies.viewer, 1);
    expect(viewerSave.status).toBe(403);
    expect(errorCode(viewerSave)).toBe('FORBIDDEN_ROLE');

    const after = await call<InvestigationResponse>('GET', `/api/investigations/${mine.id}`, {
      cookie: cookies.owner,
    });
    expect(after.body).toMatchObject({ version: 1, notes: [] });
  });

  it('when it is shared to edit, then another analyst saves versions and notes, but cannot change sharing or delete', async () => {
    const mine = await createAsOwner('Shared to edit: the commission');
    expect((await share(mine.id, 'edit')).body.sharing).toBe('edit');

    const save = await saveVersion(mine.id, cookies.other, 1);
    expect(save.status).toBe(200);
    expect(save.body).toMatchObject({
      version: 2,
      access: 'edit',
      owner: ACCOUNTS.analyst.username,
    });
    const versions = await call<{ items: { version: number; author: string }[] }>(
      'GET',
      `/api/investigations/${mine.id}/versions`,
      { cookie: cookies.owner },
    );
    expect(versions.body.items.map((v) => `${v.version}:${v.author}`)).toEqual([
      `2:${OTHER.username}`,
      `1:${ACCOUNTS.analyst.username}`,
    ]);
    const note = await call<InvestigationNote>('POST', `/api/investigations/${mine.id}/notes`, {
      cookie: cookies.other,
      body: { text: 'The commission is only proposed.' },
    });
    expect(note.status).toBe(201);
    expect(note.body.author).toBe(OTHER.username);

    expect((await share(mine.id, 'read', cookies.other)).status).toBe(403);
    expect(
      (await call('DELETE', `/api/investigations/${mine.id}/sharing`, { cookie: cookies.other }))
        .status,
    ).toBe(403);
    expect((await publish(mine.id, cookies.other)).status).toBe(403);
    const remove = await call('DELETE', `/api/investigations/${mine.id}`, {
      cookie: cookies.other,
    });
    expect(remove.status).toBe(403);
    expect(errorCode(remove)).toBe('FORBIDDEN_INVESTIGATION');
    expect(await listedTitles(cookies.owner)).toContain('Shared to edit: the commission');
    // The owner's own note stays the owner's: an editor cannot change it.
    const ownerNote = await call<InvestigationNote>(
      'POST',
      `/api/investigations/${mine.id}/notes`,
      {
        cookie: cookies.owner,
        body: { text: 'Owner’s note' },
      },
    );
    const edit = await call('PATCH', `/api/investigations/${mine.id}/notes/${ownerNote.body.id}`, {
      cookie: cookies.other,
      body: { text: 'changed by an editor' },
    });
    expect(edit.status).toBe(403);
  });

  it('when the owner makes it private again, then the others get 404 once more', async () => {
    const mine = await createAsOwner('Shared, then private');
    await share(mine.id, 'edit');
    expect(
      (await call('GET', `/api/investigations/${mine.id}`, { cookie: cookies.other })).status,
    ).toBe(200);
    const unshared = await call<SharingResponse>(
      'DELETE',
      `/api/investigations/${mine.id}/sharing`,
      {
        cookie: cookies.owner,
      },
    );
    expect(unshared.body.sharing).toBe('private');
    expect(
      (await call('GET', `/api/investigations/${mine.id}`, { cookie: cookies.other })).status,
    ).toBe(404);
    expect(await listedTitles(cookies.other)).not.toContain('Shared, then private');
  });

  it('when a note claims another author, then it is refused, and notes carry the signed-in user', async () => {
    const mine = await createAsOwner('Whose words');
    const claimed = await call('POST', `/api/investigations/${mine.id}/notes`, {
      cookie: cookies.owner,
      body: { text: 'Signed as someone else', author: OTHER.username },
    });
    expect(claimed.status).toBe(400);
    const added = await call<InvestigationNote>('POST', `/api/investigations/${mine.id}/notes`, {
      cookie: cookies.owner,
      body: { text: 'Signed as myself' },
    });
    expect(added.body.author).toBe(ACCOUNTS.analyst.username);
    const opened = await call<InvestigationResponse>('GET', `/api/investigations/${mine.id}`, {
      cookie: cookies.owner,
    });
    expect(opened.body.notes.map((n) => `${n.author}: ${n.text}`)).toEqual([
      `${ACCOUNTS.analyst.username}: Signed as myself`,
    ]);
  });
});

describe('when an investigation was saved while sign-in was off', () => {
  it('when signed-in users open it, then everyone reads it, only an admin may change it', async () => {
    const services = createAnalystServices(server.db, { queryTimeoutMs: 10_000, queryRowCap: 100 });
    const legacy = await services.investigations.investigations.create(
      { title: 'Saved before sign-in', scene },
      { kind: 'local' },
    );
    expect(legacy).toMatchObject({ owner: null, sharing: 'read', author: 'local' });
    for (const cookie of [cookies.owner, cookies.other, cookies.viewer]) {
      expect(await listedTitles(cookie)).toContain('Saved before sign-in');
      const opened = await call<InvestigationResponse>('GET', `/api/investigations/${legacy.id}`, {
        cookie,
      });
      expect(opened.body.access).toBe('read');
    }
    expect((await saveVersion(legacy.id, cookies.owner, 1)).status).toBe(403);
    const byAdmin = await saveVersion(legacy.id, cookies.admin, 1);
    expect(byAdmin.status).toBe(200);
    expect((await share(legacy.id, 'edit', cookies.admin)).body.sharing).toBe('edit');
    expect((await saveVersion(legacy.id, cookies.other, 2)).status).toBe(200);
  });
});

describe('when an investigation is published as a read-only link', () => {
  it('when the link is opened without a session, then it shows that investigation, its notes and its graph, and nothing else', async () => {
    const mine = await createAsOwner('Published: Belarus and Iran');
    await call('POST', `/api/investigations/${mine.id}/notes`, {
      cookie: cookies.owner,
      body: { text: 'Read me from the link' },
    });
    const link = await publish(mine.id);
    expect(link.status).toBe(201);
    expect(link.body.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(link.body.path).toBe(`/#link=${link.body.token}`);

    const opened = await call<PublishedInvestigationResponse>(
      'GET',
      `/api/published/${link.body.token}`,
    );
    expect(opened.status).toBe(200);
    expect(opened.body.investigation).toMatchObject({
      id: mine.id,
      title: 'Published: Belarus and Iran',
      access: 'read',
      published: true,
    });
    expect(opened.body.investigation.notes.map((n) => n.text)).toEqual(['Read me from the link']);
    expect(opened.body.graph.nodes.map((n) => n.id).sort()).toEqual(
      scene.nodes.map((n) => n.id).sort(),
    );
    expect(opened.body.graph.edges.length).toBe(scene.edges.length);
    const report = await call('GET', `/api/published/${link.body.token}/report?format=md`);
    expect(report.status).toBe(200);
    expect(report.text).toContain('Published: Belarus and Iran');

    // The owner's view says a link is out, and never shows its token again.
    const owned = await call<InvestigationResponse>('GET', `/api/investigations/${mine.id}`, {
      cookie: cookies.owner,
    });
    expect(owned.body.published).toBe(true);
    expect(owned.text).not.toContain(link.body.token);
    // Whoever holds the link is still signed out for everything else.
    expect((await call('GET', '/api/investigations')).status).toBe(401);
    expect((await call('GET', `/api/investigations/${mine.id}`)).status).toBe(401);
    expect((await call('GET', '/api/search?q=Belarus')).status).toBe(401);
  });

  it('when the link is opened, then each of its scene’s labels comes with its place among the database’s labels, and no other label is named', async () => {
    const mine = await createAsOwner('Published: in the explorer’s colours');
    const link = await publish(mine.id);
    const opened = await call<PublishedInvestigationResponse>(
      'GET',
      `/api/published/${link.body.token}`,
    );
    expect(opened.status).toBe(200);
    const schema = await call<SchemaResponse>('GET', '/api/schema', { cookie: cookies.owner });
    const inNameOrder = schema.body.labels.map((l) => l.label).sort();
    expect(inNameOrder.length).toBeGreaterThan(3);
    const sceneLabels = [...new Set(opened.body.graph.nodes.flatMap((n) => n.labels))];
    expect(sceneLabels.length).toBeGreaterThan(0);
    expect(opened.body.labelSlots).toEqual(
      Object.fromEntries(sceneLabels.map((label) => [label, inNameOrder.indexOf(label)])),
    );
    expect(Object.keys(opened.body.labelSlots).length).toBeLessThan(inNameOrder.length);
    // The schema itself stays behind sign-in.
    expect((await call('GET', '/api/schema')).status).toBe(401);
  });

  it('when the link holder tries to write, then every write answers 401 and nothing changes', async () => {
    const mine = await createAsOwner('Published: not writable');
    const { token } = (await publish(mine.id)).body;
    const bearer = { authorization: `Bearer ${token}` };
    // No write route exists under the link; to a signed-out caller that reads as 401.
    for (const [method, path, body] of [
      ['PUT', `/api/published/${token}`, { title: 'changed' }],
      ['POST', `/api/published/${token}/notes`, { text: 'a note' }],
      ['DELETE', `/api/published/${token}`, undefined],
    ] as const) {
      expect((await call(method, path, { body })).status, `${method} ${path}`).toBe(401);
    }
    const save = await call('PUT', `/api/investigations/${mine.id}`, {
      headers: bearer,
      body: { baseVersion: 1, title: 'changed' },
    });
    expect(save.status).toBe(401);
    const note = await call('POST', `/api/investigations/${mine.id}/notes`, {
      headers: bearer,
      body: { text: 'a note' },
    });
    expect(note.status).toBe(401);
    const after = await call<PublishedInvestigationResponse>('GET', `/api/published/${token}`);
    expect(after.body.investigation).toMatchObject({
      title: 'Published: not writable',
      version: 1,
      notes: [],
    });
  });

  it('when the link is revoked, or another replaces it, or the token is made up, then it answers 404', async () => {
    const mine = await createAsOwner('Published, then revoked');
    const first = (await publish(mine.id)).body.token;
    const second = (await publish(mine.id)).body.token;
    expect(second).not.toBe(first);
    expect((await call('GET', `/api/published/${first}`)).status).toBe(404);
    expect((await call('GET', `/api/published/${second}`)).status).toBe(200);

    const revoked = await call<SharingResponse>('DELETE', `/api/investigations/${mine.id}/link`, {
      cookie: cookies.owner,
    });
    expect(revoked.status).toBe(200);
    expect(revoked.body.published).toBe(false);
    for (const path of [`/api/published/${second}`, `/api/published/${second}/report`]) {
      const answer = await call('GET', path);
      expect(answer.status, path).toBe(404);
      expect(errorCode(answer)).toBe('NOT_FOUND');
    }
    expect((await call('GET', `/api/published/${'A'.repeat(43)}`)).status).toBe(404);
    expect((await call('GET', '/api/published/not-even-a-token')).status).toBe(404);
  });

  it('when a deleted investigation had a link, then the link answers 404', async () => {
    const mine = await createAsOwner('Published, then deleted');
    const { token } = (await publish(mine.id)).body;
    await call('DELETE', `/api/investigations/${mine.id}`, { cookie: cookies.owner });
    expect((await call('GET', `/api/published/${token}`)).status).toBe(404);
  });

  it('when one client opens links too fast, then it gets 429', async () => {
    const from = { 'x-forwarded-for': freshAddress() };
    let status = 0;
    for (let i = 0; i < 130 && status !== 429; i++) {
      status = (await call('GET', `/api/published/guess-${i}`, { headers: from })).status;
    }
    expect(status).toBe(429);
  });
});

describe('when sharing changes, the audit trail', () => {
  it('when an investigation is shared, unshared, published, revoked and deleted, then each is recorded by who and on what, and no entry holds the token', async () => {
    const mine = await createAsOwner('Audited sharing');
    await share(mine.id, 'read');
    await call('DELETE', `/api/investigations/${mine.id}/sharing`, { cookie: cookies.owner });
    const { token } = (await publish(mine.id)).body;
    await call('DELETE', `/api/investigations/${mine.id}/link`, { cookie: cookies.owner });
    await call('DELETE', `/api/investigations/${mine.id}`, { cookie: cookies.owner });

    for (const action of [
      'investigation-share',
      'investigation-unshare',
      'investigation-publish',
      'investigation-revoke',
      'investigation-delete',
    ]) {
      const entries = await auditOf(action, mine.id);
      expect(entries.length, action).toBe(1);
      expect(entries[0], action).toMatchObject({
        user: ACCOUNTS.analyst.username,
        outcome: 'success',
      });
    }
    expect((await auditOf('investigation-share', mine.id))[0]?.details).toMatchObject({
      access: 'read',
    });
    // A refused change is recorded too, as a failure.
    const other = await createAsOwner('Audited refusal');
    await share(other.id, 'edit', cookies.viewer);
    await share(other.id, 'edit');
    await share(other.id, 'read', cookies.other);
    const refused = (await auditOf('investigation-share', other.id, 2)).filter(
      (e) => e.user === OTHER.username,
    );
    expect(refused.map((e) => e.outcome)).toEqual(['failure']);

    const everything = await call('GET', '/api/audit?limit=500', { cookie: cookies.admin });
    expect(everything.text).not.toContain(token);
  });
});
