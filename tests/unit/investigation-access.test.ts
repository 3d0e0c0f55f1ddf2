import { describe, expect, it } from 'vitest';
import {
  accessOf,
  allows,
  authorOf,
  listScope,
  ownerFor,
  type Actor,
} from '../../server/services/investigation-access.ts';
import { publishedLinkToken } from '../../client/src/state/published-link.ts';

const ali: Actor = { kind: 'user', username: 'ali', role: 'analyst' };
const bo: Actor = { kind: 'user', username: 'bo', role: 'analyst' };
const vera: Actor = { kind: 'user', username: 'vera', role: 'viewer' };
const ada: Actor = { kind: 'user', username: 'ada', role: 'admin' };
const local: Actor = { kind: 'local' };

const owned = (sharing: 'private' | 'read' | 'edit') => ({ id: 'i1', owner: 'ali', sharing });

describe('who may do what with an investigation', () => {
  it('when it is private, then only its owner and admins know it exists', () => {
    expect(accessOf(owned('private'), ali)).toBe('owner');
    expect(accessOf(owned('private'), ada)).toBe('owner');
    expect(accessOf(owned('private'), bo)).toBeNull();
    expect(accessOf(owned('private'), vera)).toBeNull();
  });

  it('when it is shared to edit, then analysts edit, viewers only read, and only the owner may share or delete', () => {
    expect(accessOf(owned('edit'), bo)).toBe('edit');
    expect(accessOf(owned('edit'), vera)).toBe('read');
    expect(allows('edit', 'edit')).toBe(true);
    expect(allows('edit', 'owner')).toBe(false);
    expect(allows('read', 'edit')).toBe(false);
  });

  it('when sign-in is off, then the one local analyst may do everything and owns nothing', () => {
    expect(accessOf(owned('private'), local)).toBe('owner');
    expect(ownerFor(local)).toBeNull();
    expect(authorOf(local)).toBe('local');
    expect(listScope(local)).toEqual({ username: null });
  });

  it('when a read-only link asks, then it reads its own investigation and no other, and lists nothing', () => {
    const link: Actor = { kind: 'link', investigationId: 'i1' };
    expect(accessOf(owned('private'), link)).toBe('read');
    expect(accessOf({ ...owned('read'), id: 'i2' }, link)).toBeNull();
    expect(listScope(link)).toBeNull();
  });

  it('when a page address carries a link, then only a well-formed token is taken from its fragment', () => {
    const token = 'A'.repeat(43);
    expect(publishedLinkToken(`#link=${token}`)).toBe(token);
    expect(publishedLinkToken('#link=short')).toBeNull();
    expect(publishedLinkToken(`#link=${token}&x=<b>`)).toBeNull();
    expect(publishedLinkToken('#n=abc')).toBeNull();
  });
});
