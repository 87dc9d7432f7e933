// The roster upload page: while an import runs, poll its status and show the progress; reload the page
// when it ends (the server renders the result). Also keeps the upload button from being pressed twice.
(function () {
  'use strict';

  var form = document.getElementById('upload-form');
  if (form) {
    form.addEventListener('submit', function () {
      var button = document.getElementById('upload-submit');
      if (button) {
        window.setTimeout(function () { button.disabled = true; }, 0);
      }
    });
  }

  var box = document.getElementById('import-result');
  if (!box || box.getAttribute('data-status') !== 'RUNNING') {
    return;
  }
  var url = box.getAttribute('data-status-url');

  function text(id, value) {
    var el = document.getElementById(id);
    if (el) {
      el.textContent = String(value);
    }
  }

  function hide(id, hidden) {
    var el = document.getElementById(id);
    if (el) {
      el.hidden = hidden;
    }
  }

  function show(s) {
    text('import-total', s.totalRows);
    text('import-checked', s.checkedRows);
    text('import-applied', s.appliedRows);
    text('import-errors', s.errorRows);
    text('import-percent', s.percent + '%');
    var bar = document.getElementById('import-progress');
    if (bar) {
      bar.value = s.percent;
    }
    var checking = s.checkedRows < s.totalRows;
    hide('phase-checking', !checking);
    hide('phase-writing', checking);
  }

  function poll() {
    fetch(url, { credentials: 'same-origin', headers: { 'Accept': 'application/json' } })
      .then(function (r) {
        if (!r.ok) {
          throw new Error('status ' + r.status);
        }
        return r.json();
      })
      .then(function (s) {
        show(s);
        if (s.status !== 'RUNNING') {
          window.location.reload();
        } else {
          window.setTimeout(poll, 800);
        }
      })
      .catch(function () {
        window.setTimeout(poll, 3000);
      });
  }

  window.setTimeout(poll, 400);
})();
