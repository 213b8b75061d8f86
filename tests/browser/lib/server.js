// Starts `bulletin serve` on a free port and stops it with SIGTERM.
'use strict';

const { spawn } = require('node:child_process');

const READY = /Serving .* at (http:\/\/127\.0\.0\.1:\d+\/)/;

/// Resolves to { origin, stop } once the server prints its "Serving ... at URL" line.
function startServer(binary, siteDir, timeoutMs = 20_000) {
  const child = spawn(binary, ['serve', '--site', siteDir, '--host', '127.0.0.1', '--port', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const ready = new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`bulletin serve printed no "Serving ... at http://127.0.0.1:PORT/" ` +
        `line within ${timeoutMs} ms; it printed:\n${output}`));
    }, timeoutMs);
    const onData = (chunk) => {
      output += chunk;
      const m = READY.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout.setEncoding('utf8').on('data', onData);
    child.stderr.setEncoding('utf8').on('data', onData);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(new Error(`cannot run ${binary} serve: ${err.message}`));
    });
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`bulletin serve exited (${code ?? signal}) before it was ready:\n${output}`));
    });
  });
  return ready.then((url) => ({
    origin: url.replace(/\/$/, ''),
    output: () => output,
    /// Sends SIGTERM; resolves to the exit { code, signal } (SIGKILL after 10 s).
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      const result = await exited;
      clearTimeout(timer);
      return result;
    },
  }));
}

module.exports = { startServer };
