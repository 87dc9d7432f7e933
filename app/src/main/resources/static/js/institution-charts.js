/*
 * The indicator chart of an institution's page (ECharts, served from the application itself): measured values
 * per period as bars, each indicator's agreed limit as a dashed step line. The data is the JSON in the element's
 * data-chart attribute; no script is written into the page.
 */
(function () {
  'use strict';

  var COLORS = ['#5b8fc7', '#d9779b', '#6aa84f', '#e69138'];

  function indicatorChart(el, d) {
    var chart = echarts.init(el, null, { renderer: 'canvas' });
    var series = [];
    var legend = [];
    d.series.forEach(function (s, i) {
      var color = COLORS[i % COLORS.length];
      var known = s.limits.filter(function (v) { return v != null; });
      var same = known.length > 0 && known.every(function (v) { return v === known[0]; });
      var bar = { name: s.name, type: 'bar', data: s.values, itemStyle: { color: color }, barMaxWidth: 36,
        label: { show: true, position: 'top', formatter: function (p) { return p.value == null ? '' : p.value + '%'; } } };
      legend.push(s.name);
      if (same) {
        // one limit throughout: a dashed line across the chart in the indicator's colour
        bar.markLine = { symbol: 'none', silent: true, lineStyle: { color: color, type: 'dashed', width: 2 },
          label: { position: 'insideEndTop', color: color, formatter: s.limitName + ' ' + known[0] + '%' },
          data: [{ yAxis: known[0] }] };
        series.push(bar);
      } else {
        // the limit changed between periods: its value per period as a dashed line with ticks
        series.push(bar);
        legend.push(s.limitName);
        series.push({ name: s.limitName, type: 'line', data: s.limits, symbol: 'rect', symbolSize: [24, 3],
          connectNulls: false, lineStyle: { color: color, type: 'dashed', width: 2 }, itemStyle: { color: color } });
      }
    });
    chart.setOption({
      animation: false,
      tooltip: { trigger: 'axis', valueFormatter: function (v) { return v == null ? '—' : v + '%'; } },
      legend: { data: legend, top: 0 },
      grid: { left: 50, right: 20, top: 50, bottom: 30 },
      xAxis: { type: 'category', data: d.periods },
      yAxis: { type: 'value', name: '%', min: 0 },
      series: series
    });
    window.addEventListener('resize', function () { chart.resize(); });
    el.setAttribute('data-rendered', 'true');
  }

  function init() {
    var charts = document.querySelectorAll('[data-chart]');
    for (var i = 0; i < charts.length; i++) {
      var el = charts[i];
      if (typeof echarts === 'undefined') { el.textContent = ''; continue; }
      if (el.id === 'indicator-chart') { indicatorChart(el, JSON.parse(el.getAttribute('data-chart'))); }
    }
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', init);
  } else {
    init();
  }
}());
