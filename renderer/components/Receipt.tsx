/** The receipt as it prints: monospace lines on a strip of paper. */
export function Receipt({ lines, testId = 'receipt' }: { readonly lines: readonly string[]; readonly testId?: string }) {
  return (
    <div className="paper-wrap">
      <pre className="paper" data-testid={testId}>
        {lines.join('\n')}
      </pre>
    </div>
  );
}
