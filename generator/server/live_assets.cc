#include "server/live_assets.h"

namespace bulletin {

// Listens to /_bulletin/events: reloads the page when the site was rebuilt (or was rebuilt
// since this page was sent: the `hello` version differs from the one in the script's URL),
// and shows build errors in a dismissable alert over the last good page.
const std::string_view kLiveScript = R"JS((function () {
  'use strict';
  var script = document.currentScript;
  var version = script ? new URL(script.src).searchParams.get('v') : null;
  var overlay = null;
  var returnFocus = null;

  var style = document.createElement('link');
  style.rel = 'stylesheet';
  style.href = '/_bulletin/live.css';
  document.head.appendChild(style);

  function dismiss() {
    if (!overlay) return;
    overlay.remove();
    overlay = null;
    if (returnFocus && returnFocus.focus) returnFocus.focus();
  }

  function show(diagnostics) {
    dismiss();
    var errors = diagnostics.filter(function (d) { return d.severity === 'error'; });
    returnFocus = document.activeElement;
    overlay = document.createElement('div');
    overlay.className = 'bulletin-live-overlay';
    overlay.setAttribute('role', 'alert');
    overlay.setAttribute('aria-labelledby', 'bulletin-live-title');
    overlay.tabIndex = -1;
    var title = document.createElement('h2');
    title.id = 'bulletin-live-title';
    title.textContent = errors.length === 1 ? 'The site did not build: 1 error'
                                            : 'The site did not build: ' + errors.length + ' errors';
    overlay.appendChild(title);
    var note = document.createElement('p');
    note.textContent = 'You are seeing the last good version. Fix the file and save it: ' +
                       'this page reloads by itself.';
    overlay.appendChild(note);
    var list = document.createElement('ul');
    errors.forEach(function (d) {
      var item = document.createElement('li');
      var where = document.createElement('code');
      where.textContent = d.file + (d.line ? ':' + d.line + (d.column ? ':' + d.column : '') : '');
      item.appendChild(where);
      item.appendChild(document.createTextNode(' ' + d.message));
      list.appendChild(item);
    });
    overlay.appendChild(list);
    var close = document.createElement('button');
    close.type = 'button';
    close.className = 'bulletin-live-dismiss';
    close.textContent = 'Dismiss';
    close.addEventListener('click', dismiss);
    overlay.appendChild(close);
    overlay.addEventListener('keydown', function (e) {
      if (e.key === 'Escape') dismiss();
    });
    document.body.appendChild(overlay);
    overlay.focus();
  }

  var events = new EventSource('/_bulletin/events');
  events.addEventListener('open', function () {
    document.documentElement.dataset.bulletinLive = 'open';
  });
  events.addEventListener('hello', function (e) {
    if (version !== null && e.data !== version) location.reload();
  });
  events.addEventListener('reload', function () { location.reload(); });
  events.addEventListener('errors', function (e) { show(JSON.parse(e.data)); });
})();
)JS";

const std::string_view kLiveStyle = R"CSS(.bulletin-live-overlay {
  position: fixed;
  inset: auto 1rem 1rem 1rem;
  max-height: 60vh;
  overflow: auto;
  z-index: 1000;
  padding: 1rem 1.25rem;
  background: #fff;
  color: #0b0c0c;
  border: 5px solid #d4351c;
  box-shadow: 0 0 0 100vmax rgba(11, 12, 12, 0.4);
  font-size: 1rem;
  line-height: 1.4;
}
.bulletin-live-overlay:focus { outline: 3px solid #ffdd00; outline-offset: 0; }
.bulletin-live-overlay h2 { margin: 0 0 0.5rem; font-size: 1.5rem; color: #d4351c; }
.bulletin-live-overlay ul { padding-left: 1.25rem; }
.bulletin-live-overlay code { font-weight: bold; overflow-wrap: anywhere; }
.bulletin-live-dismiss {
  min-height: 44px;
  padding: 0.5rem 1rem;
  font: inherit;
  color: #fff;
  background: #0b0c0c;
  border: 2px solid transparent;
  cursor: pointer;
}
.bulletin-live-dismiss:focus { outline: 3px solid #ffdd00; box-shadow: inset 0 0 0 2px #0b0c0c; }
)CSS";

}  // namespace bulletin
