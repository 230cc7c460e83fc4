import { useEffect, useRef } from 'react';
import { useRead } from '../../app/server.js';
import { useAppDispatch, useAppSelector } from '../../app/store.js';
import { navigated } from '../../app/ui.js';
import { canCall } from '../../app/access.js';

/** On the desktop app, the admin's first login opens the wizard once (never in a browser: tests, a second screen). */
export function FirstRunOpener() {
  const dispatch = useAppDispatch();
  const status = useAppSelector((s) => s.session.status);
  const desktop = typeof navigator !== 'undefined' && navigator.userAgent.includes('Electron/');
  const allowed = desktop && canCall('golive.hardware', status).allowed;
  const survey = useRead('golive.hardware', undefined, { skip: !allowed });
  const opened = useRef(false);
  useEffect(() => {
    if (!allowed || opened.current || survey.data === undefined || survey.data.wizardDone) return;
    opened.current = true;
    dispatch(navigated('wizard'));
  }, [allowed, survey.data, dispatch]);
  return null;
}
