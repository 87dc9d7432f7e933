/*
 * The collection-rate chart (ECharts, served from the application itself). Its data is the JSON in the element's
 * data-chart attribute; no script is written into the pages (the CSP allows only this site's files).
 */
(function () {
  'use strict';

  function rateChart(el, d) {
    var chart = echarts.init(el, null, { renderer: 'canvas' });
    chart.setOption({
      animation: false,
      tooltip: { trigger: 'axis' },
      legend: { data: [d.labels.due, d.labels.paid, d.labels.rate], top: 0 },
      grid: { left: 80, right: 60, top: 40, bottom: 40 },
      xAxis: { type: 'category', data: d.periods },
      yAxis: [
        { type: 'value', name: d.labels.yuan, axisLabel: { formatter: function (v) { return Number(v).toLocaleString(); } } },
        { type: 'value', name: d.labels.percent, min: 0, max: 100, splitLine: { show: false } }
      ],
      series: [
        { name: d.labels.due, type: 'bar', data: d.due.map(Number), itemStyle: { color: '#9bbbd9' } },
        { name: d.labels.paid, type: 'bar', data: d.paid.map(Number), itemStyle: { color: '#5b9b6b' } },
        { name: d.labels.rate, type: 'line', yAxisIndex: 1, data: d.rate.map(Number), itemStyle: { color: '#1f4e79' },
          lineStyle: { width: 3 }, symbolSize: 7, label: { show: true, formatter: '{c}%' } }
      ]
    });
    window.addEventListener('resize', function () { chart.resize(); });
    el.setAttribute('data-rendered', 'true');
  }

  function init() {
    var el = document.getElementById('rate-chart');
    if (!el) { return; }
    if (typeof echarts === 'undefined') { el.textContent = ''; return; }
    rateChart(el, JSON.parse(el.getAttribute('data-chart')));
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', init);
  } else {
    init();
  }
}());
