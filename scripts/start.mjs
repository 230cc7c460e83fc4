// `npm start`: build, then run the Electron shell — or, where the Electron binary is not
// installed (it cannot be downloaded on the build and test machines), the web host in Node.
// Arguments after `npm start --` go to whichever host runs.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { electronBinaryPath } from './electron-binary.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const forwarded = process.argv.slice(2);
const onWindows = process.platform === 'win32';

/** Runs a command with the terminal attached; resolves with its exit code. */
function run(command, args, options = {}) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { cwd: root, stdio: 'inherit', ...options });
    // Ctrl+C reaches the child through the terminal; a SIGTERM sent to us only is passed on.
    const passOn = (signal) => child.kill(signal);
    const ignore = () => {};
    process.on('SIGTERM', passOn);
    process.on('SIGINT', ignore);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      process.off('SIGTERM', passOn);
      process.off('SIGINT', ignore);
      resolvePromise(code ?? (signal ? 1 : 0));
    });
  });
}

// npm is npm.cmd on Windows, which Node only spawns through a shell.
const built = await run('npm', ['run', 'build'], { shell: onWindows });
if (built !== 0) process.exit(built);

const electron = electronBinaryPath(root);
let code;
if (electron) {
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE; // would make the binary a plain Node and skip the window
  code = await run(electron, ['.', ...forwarded], { env });
} else {
  console.log('Electron не установлен (нет node_modules/electron/dist) — запускаю веб-хост: откройте в браузере адрес, который он напечатает.');
  code = await run(process.execPath, ['dist/main/web.js', ...forwarded]);
}
process.exit(code);
