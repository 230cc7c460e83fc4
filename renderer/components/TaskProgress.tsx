import { useEffect, useState } from 'react';
import type { TaskState } from '../../preload/contract/index.js';
import { call, useAppDispatch } from '../app/store.js';
import { Button } from './Button.js';

/**
 * The progress of a long task (import, export, period report) while it runs, with «Отменить».
 * The command that started it answers when it ends; this shows what `task.progress` says meanwhile.
 */
export function TaskProgress({ job, cancellable = true }: { readonly job: string; readonly cancellable?: boolean }) {
  const dispatch = useAppDispatch();
  const [task, setTask] = useState<TaskState | null>(null);
  const [cancelling, setCancelling] = useState(false);
  useEffect(
    () =>
      window.kassa.on('task.progress', (t) => {
        if (t.job !== job) return;
        setTask(t.state === 'running' ? t : null);
        if (t.state !== 'running') setCancelling(false);
      }),
    [job],
  );
  if (!task) return null;
  const percent = task.total > 0 ? Math.min(100, Math.round((task.done / task.total) * 100)) : null;
  return (
    <div className="task-progress" data-testid={`task-${job}`} role="status">
      <div className="task-progress-label">
        {task.label}
        {task.note && <span className="task-progress-note"> — {task.note}</span>}
        {percent !== null && <span className="task-progress-percent"> {percent} %</span>}
      </div>
      <progress max={task.total || undefined} value={task.total > 0 ? task.done : undefined} aria-label={task.label} />
      {cancellable && (
        <Button
          variant="ghost"
          disabled={cancelling}
          onClick={() => {
            setCancelling(true);
            void dispatch(call('tasks.cancel', { id: task.id }));
          }}
        >
          {cancelling ? 'Отменяется…' : 'Отменить'}
        </Button>
      )}
    </div>
  );
}
