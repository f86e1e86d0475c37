// Browser script for the sandbox page, served as /assets/page.js. Kept as a string so
// the page works the same when the sandbox is bundled (no files to find at runtime).
// It draws Adaptive Cards with the real renderer and polls for changes.
export const PAGE_SCRIPT = String.raw`(function () {
  'use strict';
  var status = document.getElementById('status');
  var main = document.getElementById('main');
  var auto = document.getElementById('auto-update');
  var darkQuery = window.matchMedia ? window.matchMedia('(prefers-color-scheme: dark)') : null;

  function colours(dark) {
    var fg = dark ? '#F2F2F2' : '#1B1B1B';
    var subtle = dark ? '#C8C8C8' : '#4A4A4A';
    var accent = dark ? '#8CC4FF' : '#0B57A4';
    var set = {
      default: { default: fg, subtle: subtle },
      dark: { default: fg, subtle: subtle },
      light: { default: fg, subtle: subtle },
      accent: { default: accent, subtle: accent },
      good: { default: dark ? '#7FD68B' : '#0F6B1F', subtle: dark ? '#7FD68B' : '#0F6B1F' },
      warning: { default: dark ? '#FFD27A' : '#7A4A00', subtle: dark ? '#FFD27A' : '#7A4A00' },
      attention: { default: dark ? '#FF9A9A' : '#A4000F', subtle: dark ? '#FF9A9A' : '#A4000F' }
    };
    return {
      fontFamily: 'Arial, Helvetica, sans-serif',
      containerStyles: {
        default: { backgroundColor: dark ? '#121212' : '#FFFFFF', foregroundColors: set },
        emphasis: { backgroundColor: dark ? '#262626' : '#F0F0F0', foregroundColors: set }
      }
    };
  }

  function renderCards(root) {
    if (!window.AdaptiveCards) return;
    var dark = !!(darkQuery && darkQuery.matches);
    var slots = root.querySelectorAll('[data-card]');
    Array.prototype.forEach.call(slots, function (slot) {
      try {
        var card = new window.AdaptiveCards.AdaptiveCard();
        card.hostConfig = new window.AdaptiveCards.HostConfig(colours(dark));
        card.onExecuteAction = function (action) {
          status.textContent = 'You chose "' + (action.title || 'an action') +
            '". This page only shows cards: the action is not sent to the bot.';
        };
        card.parse(JSON.parse(slot.getAttribute('data-card')));
        var rendered = card.render();
        if (rendered) {
          slot.textContent = '';
          slot.appendChild(rendered);
        }
      } catch (err) {
        slot.appendChild(document.createTextNode('This card could not be shown: ' + err.message));
      }
    });
  }

  function refresh() {
    if (!auto.checked) return;
    fetch('/api/version').then(function (r) { return r.json(); }).then(function (v) {
      if (String(v.version) === main.getAttribute('data-version')) return;
      return fetch('/fragment/main').then(function (r) { return r.text(); }).then(function (html) {
        main.innerHTML = html;
        main.setAttribute('data-version', String(v.version));
        renderCards(main);
        status.textContent = 'Updated at ' + new Date().toLocaleTimeString('en-GB') + '.';
      });
    }).catch(function () {
      status.textContent = 'The sandbox is not answering. Is it still running?';
    });
  }

  renderCards(document);
  if (darkQuery && darkQuery.addEventListener) {
    darkQuery.addEventListener('change', function () { location.reload(); });
  }
  setInterval(refresh, 3000);
})();
`;
