type Props = {
  /** The file field's id: a label elsewhere may name it. */
  readonly id: string;
  /** The button's words, e.g. «Выбрать файл…». */
  readonly label: string;
  readonly accept: string;
  /** The hidden field's test id; the button's is `${testId}-pick`. */
  readonly testId: string;
  readonly onPick: (file: File) => void;
};

/**
 * Choosing a file in the till's words. The browser's own file field speaks the system's language
 * («Choose File», «No file chosen» on an English Windows): ours is a button, with the field hidden
 * behind it and still reachable by Tab. The same file may be chosen again (after fixing it).
 */
export function FilePick({ id, label, accept, testId, onPick }: Props) {
  return (
    <>
      <label htmlFor={id} className="btn btn-secondary btn-normal file-pick" data-testid={`${testId}-pick`}>
        {label}
      </label>
      <input
        id={id}
        className="visually-hidden"
        type="file"
        accept={accept}
        data-testid={testId}
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) onPick(file);
        }}
      />
    </>
  );
}
