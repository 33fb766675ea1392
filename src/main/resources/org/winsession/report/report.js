// The report's timeline: one chart per chosen host, each session a bar from logon to end in its
// own lane, coloured by status, leaks outlined; boots and shutdowns as vertical lines. Event
// values reach the page only as text (textContent, or encodeHTML in tooltips), never as markup.
(function () {
  'use strict';
  document.documentElement.className += ' js';
  var data = JSON.parse(document.getElementById('winsession-data').textContent);
  var COLORS = {
    closed: '#2e7d32', open: '#1565c0', leaked: '#c62828', ended_by_shutdown: '#757575',
    superseded: '#6a1b9a', orphan_logoff: '#ef6c00', unaudited: '#b08900'
  };
  var hostSel = document.getElementById('tl-host');
  var userIn = document.getElementById('tl-user');
  var typeSel = document.getElementById('tl-type');
  var count = document.getElementById('tl-count');
  var details = document.getElementById('tl-details');
  var legend = document.getElementById('tl-legend');
  var chartEl = document.getElementById('tl-chart');
  var esc = echarts.format.encodeHTML;

  function option(sel, value, text) {
    var o = document.createElement('option');
    o.value = value;
    o.textContent = text;
    sel.appendChild(o);
  }
  data.hosts.forEach(function (h, i) { option(hostSel, String(i), h.name); });
  var types = {};
  data.sessions.forEach(function (s) { if (s.t >= 0) { types[s.t] = true; } });
  Object.keys(types).map(Number).sort(function (a, b) { return a - b; })
      .forEach(function (t) { option(typeSel, String(t), String(t)); });
  Object.keys(COLORS).forEach(function (st) {
    var span = document.createElement('span');
    span.className = 'st st-' + st;
    span.textContent = st;
    legend.appendChild(span);
  });

  var chart = echarts.init(chartEl, null, { renderer: 'canvas' });
  var shown = [];

  function fmt(t) { return new Date(t).toISOString().replace('T', ' ').replace('.000Z', 'Z'); }

  function render() {
    var hi = Number(hostSel.value || 0);
    var host = data.hosts[hi];
    if (!host) { count.textContent = 'no sessions'; chart.clear(); return; }
    var user = userIn.value.trim().toLowerCase();
    var type = typeSel.value;
    shown = data.sessions.filter(function (s) {
      return s.h === hi && (!user || s.u.toLowerCase().indexOf(user) >= 0)
          && (type === '' || String(s.t) === type);
    }).sort(function (a, b) { return a.s - b.s; });
    var lanes = [];
    var rows = shown.map(function (s, i) {
      var end = s.e >= 0 ? s.e : Math.max(host.last, s.s);
      var lane = 0;
      while (lane < lanes.length && lanes[lane] > s.s) { lane++; }
      lanes[lane] = end;
      return { value: [s.s, end, lane, i], itemStyle: { color: COLORS[s.st] || '#999' } };
    });
    count.textContent = shown.length + ' sessions on ' + host.name;
    var marks = host.boots.map(function (t) { return { xAxis: t, name: 'boot', lineStyle: { color: '#1b5e20' } }; })
        .concat(host.shutdowns.map(function (t) { return { xAxis: t, name: 'shutdown', lineStyle: { color: '#b71c1c', type: 'dashed' } }; }));
    var height = Math.min(2400, Math.max(240, 60 + 16 * lanes.length));
    chartEl.style.height = height + 'px';
    chart.resize();
    chart.setOption({
      animation: false,
      grid: { left: 20, right: 20, top: 20, bottom: 60 },
      tooltip: {
        formatter: function (p) {
          if (!p.data || !p.data.value) { return esc(p.name || ''); }
          var s = shown[p.data.value[3]];
          return esc((s.f.user || '') + ' / type ' + s.t + ' / ' + s.st) + '<br>'
              + esc(fmt(p.data.value[0]) + ' to ' + (s.e >= 0 ? fmt(s.e) : 'open'));
        }
      },
      xAxis: { type: 'time', min: host.first, max: Math.max(host.last, host.first + 1000) },
      yAxis: { type: 'value', min: -0.5, max: Math.max(lanes.length, 1) - 0.5, inverse: true, show: false },
      dataZoom: [{ type: 'slider', xAxisIndex: 0, filterMode: 'weakFilter' }, { type: 'inside', xAxisIndex: 0, filterMode: 'weakFilter' }],
      series: [{
        type: 'custom',
        encode: { x: [0, 1], y: 2 },
        data: rows,
        renderItem: function (params, api) {
          var a = api.coord([api.value(0), api.value(2)]);
          var b = api.coord([api.value(1), api.value(2)]);
          var h = api.size([0, 1])[1] * 0.7;
          var s = shown[api.value(3)];
          var rect = echarts.graphic.clipRectByRect(
              { x: a[0], y: a[1] - h / 2, width: Math.max(2, b[0] - a[0]), height: h },
              { x: params.coordSys.x, y: params.coordSys.y, width: params.coordSys.width, height: params.coordSys.height });
          return rect && {
            type: 'rect', shape: rect,
            style: { fill: api.visual('color'), stroke: s.leak ? '#000' : null, lineWidth: s.leak ? 2 : 0 }
          };
        },
        markLine: { symbol: 'none', silent: true, label: { formatter: '{b}' }, data: marks }
      }]
    }, true);
  }

  function cell(tr, tag, text) {
    var c = document.createElement(tag);
    c.textContent = text;
    tr.appendChild(c);
  }

  function showDetails(s) {
    details.textContent = '';
    var h = document.createElement('h3');
    h.textContent = 'Session ' + (s.f.session_id || '');
    details.appendChild(h);
    var table = document.createElement('table');
    Object.keys(s.f).forEach(function (k) {
      var tr = document.createElement('tr');
      cell(tr, 'th', k);
      cell(tr, 'td', String(s.f[k]));
      table.appendChild(tr);
    });
    var tr = document.createElement('tr');
    cell(tr, 'th', 'records');
    cell(tr, 'td', s.r.length ? s.r.map(function (r) {
      return 'record ' + r[2] + ' (event ' + r[1] + ', ' + fmt(r[0]) + ')';
    }).join('; ') : 'none kept');
    table.appendChild(tr);
    details.appendChild(table);
  }

  chart.on('click', function (p) {
    if (p.data && p.data.value) { showDetails(shown[p.data.value[3]]); }
  });
  hostSel.addEventListener('change', render);
  typeSel.addEventListener('change', render);
  userIn.addEventListener('input', render);
  window.addEventListener('resize', function () { chart.resize(); });
  render();
  window.winsessionReport = { chart: chart, shown: function () { return shown; }, showDetails: showDetails };
})();
