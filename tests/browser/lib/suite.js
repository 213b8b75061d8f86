// A browser test suite that needs the npm test tools: without them, one failing test says
// how to install them instead of a crash on require().
'use strict';

const assert = require('node:assert/strict');
const { describe, it } = require('node:test');

function toolsInstalled() {
  try {
    for (const m of ['playwright-core', 'axe-core']) require.resolve(m);
    return true;
  } catch {
    return false;
  }
}

/// describe(name, body) when the tools are installed; else a test that fails and says why.
function describeWithTools(name, body) {
  if (toolsInstalled()) {
    describe(name, body);
  } else {
    it('browser test tools are installed', () => {
      assert.fail('missing npm packages in tests/browser/node_modules: run scripts/setup');
    });
  }
}

module.exports = { describeWithTools };
