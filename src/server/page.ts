import { WIKISER_TYPES } from '../entity-types.js';
import { PAGE_STYLE, typeColour } from '../formats/html.js';

// The page at `/` of `sertag serve`: one HTML file, one style sheet and one script, all served by
// the server itself (no CDN, no inline script or style, so the policy below can forbid both).

/** Scripts and styles from the server only; the page talks to its own API and nothing else. */
export const PAGE_SECURITY_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

export const PAGE_HTML = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>sertag — tag software entities</title>
<link rel="stylesheet" href="/page.css">
<script src="/page.js" defer></script>
</head>
<body>
<header><h1>sertag — tag software entities</h1>
<div class="legend" id="legend"></div>
</header>
<main>
<textarea id="text" rows="6" spellcheck="false" placeholder="Paste text here, or drop a text file…" aria-label="Text to tag"></textarea>
<div class="controls">
<label>Profile <select id="profile"></select></label>
<button id="tag" type="button">Tag</button>
<button id="sample" type="button">Sample text</button>
<button id="download-jsonl" type="button" disabled>Download JSONL</button>
<button id="download-prodigy" type="button" disabled>Download Prodigy</button>
<span id="status" role="status"></span>
</div>
<p id="profile-hint" class="hint"></p>
<div id="counts" class="counts" hidden></div>
<article id="result" hidden></article>
<aside id="explanation" hidden></aside>
<table id="entities" hidden>
<thead><tr><th>#</th><th>entity</th><th>type</th><th>chars</th><th>source</th></tr></thead>
<tbody></tbody>
</table>
</main>
</body>
</html>
`;

/** The `--format html` look, plus the page's own controls; type classes `.t0`… follow WIKISER_TYPES. */
export const PAGE_CSS = [
  ...PAGE_STYLE,
  ...WIKISER_TYPES.map((t, i) => `.t${i}{background:${typeColour(t, i)}}`),
  'textarea{width:100%;box-sizing:border-box;font:15px/1.5 ui-monospace,monospace;padding:.5rem;border:1px solid #ced4da;border-radius:.25rem}',
  'textarea.dragging{border-color:#339af0;background:#e7f5ff}',
  '.controls{display:flex;gap:.6rem;align-items:center;flex-wrap:wrap;margin:.5rem 0}',
  'button{font:inherit;padding:.2rem .8rem;border:1px solid #adb5bd;border-radius:.25rem;background:#f8f9fa;cursor:pointer}',
  'button#tag{background:#1c7ed6;border-color:#1c7ed6;color:#fff}',
  'button:disabled{opacity:.5;cursor:default}',
  '#status{color:#868e96;font-size:.9rem}',
  '#status.error{color:#c92a2a}',
  'mark{cursor:pointer}',
  'mark.selected{outline:2px solid #1c7ed6}',
  'aside{background:#f1f3f5;border-left:4px solid #1c7ed6;padding:.5rem .8rem;margin:1rem 0;font-size:.9rem}',
  'aside dt{font-weight:600;float:left;clear:left;width:5rem}',
  'aside dd{margin:0 0 0 5.5rem;word-break:break-word}',
  'table{border-collapse:collapse;width:100%;font-size:.9rem;margin-top:1rem}',
  'th,td{text-align:left;padding:.2rem .5rem;border-bottom:1px solid #dee2e6;vertical-align:top}',
  'tbody tr{cursor:pointer}',
  'td:nth-child(4){white-space:nowrap}',
  'tbody tr:hover,tbody tr.selected{background:#e7f5ff}',
  '.hint{color:#495057;font-size:.9rem;margin:.2rem 0}',
  '.counts{display:flex;gap:.4rem;flex-wrap:wrap;margin:.6rem 0;font-size:.9rem}',
  '.counts label{padding:0 .5rem;border-radius:.25rem;cursor:pointer;user-select:none}',
  '.counts input{margin:0 .3rem 0 0;vertical-align:middle}',
  '.counts label.off{opacity:.45}',
  'mark.filtered{background:none!important;outline:none;cursor:default}',
  'mark.filtered sub{display:none}',
  'tr.filtered{display:none}',
  '',
].join('\n');

/**
 * The page's script. Plain ES2017 in a string (it runs in the browser, not in Node). Every string
 * from the text or the server goes into the page as `textContent`, never as markup.
 */
export const PAGE_SCRIPT = String.raw`'use strict';
(function () {
  var TYPES = ${JSON.stringify(WIKISER_TYPES)};
  var $ = function (id) { return document.getElementById(id); };
  var textBox = $('text'), profileBox = $('profile'), tagButton = $('tag'), status = $('status');
  var result = $('result'), explanation = $('explanation'), table = $('entities');
  var last = null; // the last tagged document, as the API returned it
  var lastRequest = null; // and the request that asked for it
  var hidden = {}; // entity types filtered out of the result and the table
  // Which text each bundled profile suits, and a sample of it; another profile shows its own description.
  var PROFILES = {
    wikipedia: {
      hint: 'wikipedia: Wikipedia-like prose about software (articles, documentation, essays).',
      sample: 'Stackless Python is a reimplementation of the Python programming language that uses green threads instead of the C call stack. It runs on Linux and Windows, and its scheduler was later ported to PyPy.'
    },
    stackoverflow: {
      hint: 'stackoverflow: developer posts, GitHub issues and Markdown (code spans, versions, error names).',
      sample: 'I upgraded to Django 4.2 and now \`python manage.py migrate\` fails with a KeyError on Ubuntu 22.04. Is it a bug in psycopg2 or in my settings.py? Using PostgreSQL and nginx as reverse proxy.'
    }
  };
  var profileInfo = {};

  function setStatus(message, isError) {
    status.textContent = message;
    status.className = isError ? 'error' : '';
  }

  function paint(element, type) {
    var index = TYPES.indexOf(type);
    if (index >= 0) element.className = 't' + index;
    else element.style.background = 'hsl(' + ((type.length * 137) % 360) + ' 80% 82%)';
  }

  function legend(types) {
    var box = $('legend');
    box.textContent = '';
    types.forEach(function (type) {
      var span = document.createElement('span');
      paint(span, type);
      span.textContent = type;
      box.appendChild(span);
    });
  }

  // As --explain says it: the entry, and the form that matched when it is not the entry as written.
  function describe(source, matched) {
    if (source.kind === 'gazetteer') {
      var form = matched === undefined ? undefined : matched.replace(/\s+/g, ' ');
      return 'gazetteer ' + source.file + ':' + source.line + ' entry "' + source.entry + '"' + (form !== undefined && form !== source.entry ? ' (matched "' + form + '")' : '');
    }
    return 'rule ' + source.rule + ' (' + source.file + (source.line > 0 ? ':' + source.line : '') + ')' + (source.detail ? ': ' + source.detail : '');
  }

  function select(index) {
    var entity = last.entities[index];
    Array.prototype.forEach.call(document.querySelectorAll('.selected'), function (el) { el.classList.remove('selected'); });
    Array.prototype.forEach.call(document.querySelectorAll('[data-index="' + index + '"]'), function (el) { el.classList.add('selected'); });
    explanation.textContent = '';
    var list = document.createElement('dl');
    var rows = [
      ['entity', entity.text],
      ['type', entity.type],
      ['chars', entity.start + '–' + entity.end],
      ['source', describe(entity.source, entity.text)],
    ];
    // A rule's why adds its reason; a gazetteer entry's would only repeat the source.
    if (entity.why && entity.why !== describe(entity.source, entity.text)) rows.push(['why', entity.why]);
    rows.forEach(function (row) {
      var dt = document.createElement('dt');
      dt.textContent = row[0];
      var dd = document.createElement('dd');
      dd.textContent = row[1];
      list.appendChild(dt);
      list.appendChild(dd);
    });
    explanation.appendChild(list);
    explanation.hidden = false;
  }

  // The API counts offsets in code points (as Python does); JavaScript strings slice in UTF-16 units.
  function utf16Offsets(text) {
    var at = [];
    var i = 0;
    for (var point of text) { at.push(i); i += point.length; }
    at.push(i);
    return at;
  }

  function show(doc, request) {
    last = doc;
    lastRequest = request;
    result.textContent = '';
    var at = 0;
    var text = doc.text;
    var utf16 = utf16Offsets(text);
    doc.entities.forEach(function (entity, index) {
      var start = utf16[entity.start], end = utf16[entity.end];
      result.appendChild(document.createTextNode(text.slice(at, start)));
      var mark = document.createElement('mark');
      paint(mark, entity.type);
      mark.title = entity.type + ' — ' + describe(entity.source, entity.text);
      mark.tabIndex = 0;
      mark.setAttribute('data-index', String(index));
      mark.setAttribute('data-type', entity.type);
      mark.appendChild(document.createTextNode(text.slice(start, end)));
      var sub = document.createElement('sub');
      sub.textContent = entity.type;
      mark.appendChild(sub);
      result.appendChild(mark);
      at = end;
    });
    result.appendChild(document.createTextNode(text.slice(at)));
    result.hidden = false;

    var body = table.tBodies[0];
    body.textContent = '';
    doc.entities.forEach(function (entity, index) {
      var row = body.insertRow();
      row.setAttribute('data-index', String(index));
      row.setAttribute('data-type', entity.type);
      [String(index + 1), entity.text, entity.type, entity.start + '–' + entity.end, describe(entity.source, entity.text)].forEach(function (value) {
        row.insertCell().textContent = value;
      });
    });
    table.hidden = doc.entities.length === 0;
    explanation.hidden = true;
    counts(doc.entities);
    $('download-jsonl').disabled = false;
    $('download-prodigy').disabled = false;
  }

  // Forgets the last result, so that nothing stale stays on the page (an empty or failed submit).
  function clear() {
    last = null;
    lastRequest = null;
    result.textContent = '';
    result.hidden = true;
    table.tBodies[0].textContent = '';
    table.hidden = true;
    explanation.hidden = true;
    $('counts').textContent = '';
    $('counts').hidden = true;
    $('download-jsonl').disabled = true;
    $('download-prodigy').disabled = true;
  }

  // One checkbox per type found, with its count: unticked, its entities are unmarked and left out of the table.
  function counts(entities) {
    var box = $('counts');
    box.textContent = '';
    var byType = {};
    var order = [];
    entities.forEach(function (entity) {
      if (!(entity.type in byType)) { byType[entity.type] = 0; order.push(entity.type); }
      byType[entity.type]++;
    });
    order.sort(function (a, b) { return byType[b] - byType[a] || (a < b ? -1 : 1); });
    order.forEach(function (type) {
      var label = document.createElement('label');
      paint(label, type);
      var box2 = document.createElement('input');
      box2.type = 'checkbox';
      box2.checked = !hidden[type];
      box2.setAttribute('data-type', type);
      label.appendChild(box2);
      label.appendChild(document.createTextNode(type + ' ' + byType[type]));
      box.appendChild(label);
    });
    box.hidden = order.length === 0;
    applyFilter();
  }

  function applyFilter() {
    Array.prototype.forEach.call(document.querySelectorAll('#result mark, #entities tbody tr'), function (el) {
      el.classList.toggle('filtered', !!hidden[el.getAttribute('data-type')]);
    });
    Array.prototype.forEach.call(document.querySelectorAll('#counts input'), function (input) {
      input.parentNode.classList.toggle('off', !input.checked);
    });
  }

  $('counts').addEventListener('change', function (event) {
    var type = event.target.getAttribute('data-type');
    if (type === null) return;
    hidden[type] = !event.target.checked;
    applyFilter();
  });

  function onPick(event) {
    var target = event.target.closest('[data-index]');
    if (target && !target.classList.contains('filtered')) select(Number(target.getAttribute('data-index')));
  }
  result.addEventListener('click', onPick);
  table.addEventListener('click', onPick);
  result.addEventListener('keydown', function (event) { if (event.key === 'Enter') onPick(event); });

  function post(request) {
    return fetch('/v1/tag', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(request),
    }).then(function (response) {
      return response.json().then(function (body) {
        if (!response.ok) throw new Error(body.error ? body.error.message : 'HTTP ' + response.status);
        return body;
      });
    });
  }

  function tag() {
    var text = textBox.value;
    if (text.trim() === '') { clear(); setStatus('Type or paste some text first, or press Sample text.', true); return; }
    tagButton.disabled = true;
    setStatus('Tagging…', false);
    var started = performance.now();
    var request = { text: text, explain: true, profile: profileBox.value || undefined };
    post(request).then(function (doc) {
      show(doc, request);
      setStatus(doc.entities.length + ' entit' + (doc.entities.length === 1 ? 'y' : 'ies') + ' in ' + Math.round(performance.now() - started) + ' ms', false);
    }).catch(function (error) {
      clear();
      setStatus(error.message, true);
    }).then(function () { tagButton.disabled = false; });
  }
  tagButton.addEventListener('click', tag);
  textBox.addEventListener('keydown', function (event) { if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) tag(); });

  // Dropping a file puts its text in the box (a dropped selection of text is the browser's own business).
  textBox.addEventListener('dragover', function (event) {
    if (event.dataTransfer && Array.prototype.indexOf.call(event.dataTransfer.types, 'Files') >= 0) {
      event.preventDefault();
      textBox.classList.add('dragging');
    }
  });
  textBox.addEventListener('dragleave', function () { textBox.classList.remove('dragging'); });
  textBox.addEventListener('drop', function (event) {
    textBox.classList.remove('dragging');
    var file = event.dataTransfer && event.dataTransfer.files[0];
    if (!file) return;
    event.preventDefault();
    file.text().then(function (text) { textBox.value = text; setStatus(file.name + ' loaded; press Tag.', false); });
  });

  function download(name, type, content) {
    var link = document.createElement('a');
    link.href = URL.createObjectURL(new Blob([content], { type: type }));
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(link.href); }, 1000);
  }
  $('download-jsonl').addEventListener('click', function () {
    if (last) download('sertag.jsonl', 'application/x-ndjson', JSON.stringify(last) + '\n');
  });
  // Prodigy tasks as sertag tag --format prodigy writes them: the server formats the same text.
  $('download-prodigy').addEventListener('click', function () {
    if (!lastRequest) return;
    post({ text: lastRequest.text, profile: lastRequest.profile, format: 'prodigy' }).then(function (task) {
      download('sertag-prodigy.jsonl', 'application/x-ndjson', JSON.stringify(task) + '\n');
    }).catch(function (error) { setStatus(error.message, true); });
  });

  function hint(profile) {
    var known = PROFILES[profile.name];
    $('profile-hint').textContent = known ? known.hint : profile.name + ': ' + (profile.description || 'a profile of this server');
  }

  // A sample suited to the chosen profile (the wikipedia one for a profile of the server's own).
  $('sample').addEventListener('click', function () {
    var known = PROFILES[profileBox.value] || PROFILES.wikipedia;
    textBox.value = known.sample;
    tag();
  });

  fetch('/v1/profiles').then(function (response) { return response.json(); }).then(function (body) {
    profileBox.textContent = '';
    body.profiles.forEach(function (profile) {
      var option = document.createElement('option');
      option.value = profile.name;
      option.textContent = profile.name;
      option.title = profile.description;
      option.selected = profile.name === body.default;
      profileBox.appendChild(option);
    });
    body.profiles.forEach(function (p) { profileInfo[p.name] = p; });
    var chosen = body.profiles.filter(function (p) { return p.name === body.default; })[0] || body.profiles[0];
    if (chosen) { legend(chosen.types); hint(chosen); }
    profileBox.addEventListener('change', function () {
      var picked = profileInfo[profileBox.value];
      if (picked) { legend(picked.types); hint(picked); }
    });
  }).catch(function () { setStatus('Could not list the profiles.', true); });
})();
`;
