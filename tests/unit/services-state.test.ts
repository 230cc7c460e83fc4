/**
 * Services keep no state of their own (ARCHITECTURE «Effects are parameters»): every effect is
 * built in core.ts and reaches them through Ctx. This scans main/services for what would hide
 * one — a WeakMap keyed by the context, a module-level `let`, a module-level collection that
 * can change — and proves on a sample that each pattern is caught.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const SERVICES = fileURLToPath(new URL('../../main/services/', import.meta.url));

/** What in this source keeps state at module level, as "line: what". */
export function hiddenState(fileName: string, text: string): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const at = (node: ts.Node) => source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
  const visit = (node: ts.Node): void => {
    if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && /^Weak(Map|Set|Ref)$/.test(node.expression.text)) {
      found.push(`${at(node)}: new ${node.expression.text}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  for (const statement of source.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    const list = statement.declarationList;
    if (!(list.flags & ts.NodeFlags.Const)) {
      found.push(`${at(statement)}: module-level ${list.flags & ts.NodeFlags.Let ? 'let' : 'var'}`);
      continue;
    }
    for (const d of list.declarations) {
      const type = d.type?.getText(source) ?? '';
      const readonlyType = /^(readonly\b|Readonly)/.test(type);
      const init = d.initializer;
      if (!init || readonlyType) continue;
      if (ts.isNewExpression(init) && ts.isIdentifier(init.expression) && /^(Map|Set)$/.test(init.expression.text)) {
        found.push(`${at(d)}: module-level ${init.expression.text} ${d.name.getText(source)} (type it Readonly${init.expression.text} if it never changes)`);
      } else if (ts.isArrayLiteralExpression(init)) {
        found.push(`${at(d)}: module-level array ${d.name.getText(source)} (make it readonly or \`as const\`)`);
      }
    }
  }
  return found;
}

function serviceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return serviceFiles(path);
    return e.name.endsWith('.ts') ? [path] : [];
  });
}

describe('services keep no hidden state', () => {
  it('finds no WeakMap, module-level let or changeable module-level collection in main/services', () => {
    const files = serviceFiles(SERVICES);
    expect(files.length).toBeGreaterThan(10);
    const found = files.flatMap((f) => hiddenState(f, readFileSync(f, 'utf8')).map((h) => `${f.slice(SERVICES.length)}:${h}`));
    expect(found).toEqual([]);
  });

  it('catches each pattern in a sample service', () => {
    const sample = [
      "import type { Ctx } from './context.js';",
      'const printers = new WeakMap<Ctx, object>();',
      'let lastCheck = 0;',
      'var counter = 0;',
      'const seen = new Set<number>();',
      'const queue: number[] = [];',
      "const FORMS: ReadonlySet<string> = new Set(['card']);",
      "const KINDS = ['sale', 'return'] as const;",
      "const ORDER: readonly string[] = ['BYN'];",
      'export function f(ctx: Ctx) { const busy = new WeakSet<Ctx>(); let n = 0; return [busy, n, ctx]; }',
    ].join('\n');
    expect(hiddenState('sample.ts', sample)).toEqual([
      '2: new WeakMap',
      '10: new WeakSet',
      '3: module-level let',
      '4: module-level var',
      '5: module-level Set seen (type it ReadonlySet if it never changes)',
      '6: module-level array queue (make it readonly or `as const`)',
    ]);
  });
});
