// The Nu HTML Checker (vnu-jar from npm, run by Debian's Java) over built HTML files.
'use strict';

const path = require('node:path');
const { spawn } = require('node:child_process');

/// Resolves to a list of "file:line:col: message" errors (empty if the HTML is valid).
/// Rejects if the checker cannot run.
function checkHtml(files, relativeTo) {
  const jar = require.resolve('vnu-jar/build/dist/vnu.jar');
  return new Promise((resolve, reject) => {
    if (files.length === 0) return reject(new Error('no HTML files to check'));
    const child = spawn('java', ['-Xss4m', '-jar', jar, '--errors-only', '--format', 'json', ...files],
      { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (c) => { out += c; });
    child.stderr.setEncoding('utf8').on('data', (c) => { err += c; });
    child.on('error', (e) => reject(new Error(`cannot run java (scripts/setup installs it): ${e.message}`)));
    child.on('close', (code) => {
      let report;
      try {
        report = JSON.parse(err.trim() || out.trim());
      } catch (e) {
        return reject(new Error(`vnu exited ${code} without a JSON report:\n${out}${err}`));
      }
      const errors = (report.messages || [])
        .filter((m) => m.type === 'error' || m.subType === 'fatal')
        .map((m) => {
          const file = m.url ? path.relative(relativeTo, decodeURI(m.url.replace(/^file:/, ''))) : '?';
          return `${file}:${m.lastLine ?? '?'}:${m.firstColumn ?? m.lastColumn ?? '?'}: ${m.message}` +
            (m.extract ? `\n    ${m.extract.replace(/\n/g, ' ')}` : '');
        });
      resolve(errors);
    });
  });
}

module.exports = { checkHtml };
