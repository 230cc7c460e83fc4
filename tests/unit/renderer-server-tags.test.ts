/**
 * The renderer's server cache is derived from the contract: every query reads an area that a
 * command or an event can mark changed, and every command says what it changed — so no screen
 * keeps showing data that main has changed.
 */
import { describe, expect, it } from 'vitest';
import { methods, type MethodName } from '../../preload/contract/index.js';
import { changesOf, EVENT_CHANGES, readsOf, TAGS, type CommandName, type QueryName, type Tag } from '../../renderer/app/server.js';

const names = Object.keys(methods) as MethodName[];
const queries = names.filter((m): m is QueryName => methods[m].type === 'query');
const commands = names.filter((m): m is CommandName => methods[m].type === 'command');
const answersWithCheck = (m: MethodName) => methods[m].output === methods['sale.current'].output;

describe('server cache tags', () => {
  it('gives every query an area, except the status the session follows by its own event and what the host can do', () => {
    const without = queries.filter((q) => readsOf(q).length === 0);
    expect(without.sort()).toEqual(['app.status', 'reports.canPdf']);
  });

  it('has every command say what it changed, except the edits of the open check (their answer and sale.changed carry it), login/logout (the cache is emptied) and files made for a download', () => {
    const silent = commands.filter((c) => changesOf(c).length === 0);
    expect(silent.filter((c) => !answersWithCheck(c)).sort()).toEqual(['auth.login', 'auth.logout', 'reports.export', 'reports.pdf']);
    expect(silent.filter(answersWithCheck).length).toBeGreaterThan(5);
  });

  it('lets every area a query reads be changed by some command or event', () => {
    const changeable = new Set<Tag>([...commands.flatMap((c) => changesOf(c)), ...Object.values(EVENT_CHANGES).flat()]);
    const read = new Set(queries.flatMap((q) => readsOf(q)));
    // The open check is changed by sale.changed itself (it carries the check), not by a tag.
    expect([...read].filter((t) => !changeable.has(t) && t !== 'sale')).toEqual([]);
    expect([...read].every((t) => (TAGS as readonly string[]).includes(t))).toBe(true);
  });

  it('refreshes the open check after a Z, and the documents after anything that makes one', () => {
    for (const c of ['shift.zReport', 'shift.open'] as const) expect(changesOf(c)).toContain('sale');
    for (const c of ['sale.pay', 'cash.in', 'cash.out', 'returns.byCheck', 'returns.free', 'documents.annul', 'shift.xReport', 'shift.zReport'] as const) {
      expect(changesOf(c)).toEqual(expect.arrayContaining(['documents', 'cash', 'fiscal']));
    }
  });
});
