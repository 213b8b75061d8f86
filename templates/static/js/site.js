// Small enhancements on every page; each page works without them. No inline code, so a
// strict Content-Security-Policy holds.
//   - An error summary takes the focus when a page shows one, so screen reader and
//     keyboard users hear the problems first (as GOV.UK's script does).
//   - [data-print] buttons (hidden without JavaScript) print the page.
//   - A printout's header carries the date it was printed.
//   - Links whose text is their own address are not printed twice (print.css).
(function () {
  'use strict';

  function start() {
    const summary = document.querySelector('.error-summary');
    if (summary) summary.focus();

    for (const button of document.querySelectorAll('[data-print]')) {
      button.hidden = false;
      button.addEventListener('click', () => window.print());
    }

    const date = document.querySelector('[data-print-date]');
    if (date) {
      const lang = document.documentElement.lang || 'en-GB';
      const today = new Date().toLocaleDateString(lang, { day: 'numeric', month: 'long', year: 'numeric' });
      date.textContent = `Printed on ${today}`;
    }

    const bare = (s) => s.trim().replace(/^https?:\/\//, '').replace(/\/$/, '');
    for (const a of document.querySelectorAll('a[href^="http"]')) {
      if (bare(a.textContent) === bare(a.getAttribute('href'))) a.classList.add('link--bare');
    }
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
