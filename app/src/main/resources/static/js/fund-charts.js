/*
 * Charts of the fund pages (ECharts, served from the application itself). A chart's data is the JSON in its
 * element's data-chart attribute; no script is written into the pages (the CSP allows only this site's files).
 */
(function () {
  'use strict';

  function riskChart(el, d) {
    var chart = echarts.init(el, null, { renderer: 'canvas' });
    var lines = [];
    if (d.alert != null) { lines.push({ yAxis: Number(d.alert), name: d.labels.alert, lineStyle: { color: '#c0392b', type: 'solid' } }); }
    if (d.warning != null) { lines.push({ yAxis: Number(d.warning), name: d.labels.warning, lineStyle: { color: '#e08a2c', type: 'dashed' } }); }
    if (d.excess != null) { lines.push({ yAxis: Number(d.excess), name: d.labels.excess, lineStyle: { color: '#7f8c8d', type: 'dotted' } }); }
    chart.setOption({
      animation: false,
      tooltip: { trigger: 'axis' },
      legend: { data: [d.labels.monthsOfPayment, d.labels.income, d.labels.expenditure], top: 0 },
      grid: { left: 70, right: 70, top: 40, bottom: 40 },
      xAxis: { type: 'category', data: d.months },
      yAxis: [
        { type: 'value', name: d.labels.yuan, axisLabel: { formatter: function (v) { return (v / 10000).toLocaleString() + '万'; } } },
        { type: 'value', name: d.labels.months, min: 0, splitLine: { show: false } }
      ],
      series: [
        { name: d.labels.income, type: 'bar', data: d.income.map(Number), itemStyle: { color: '#7fb2dd' } },
        { name: d.labels.expenditure, type: 'bar', data: d.expenditure.map(Number), itemStyle: { color: '#e6a3b9' } },
        {
          name: d.labels.monthsOfPayment, type: 'line', yAxisIndex: 1, connectNulls: false,
          data: d.monthsOfPayment.map(function (v) { return v == null ? null : Number(v); }),
          itemStyle: { color: '#1f4e79' }, lineStyle: { width: 3 }, symbolSize: 7,
          markLine: { symbol: 'none', label: { position: 'insideEndTop', formatter: '{b} {c}' }, data: lines }
        }
      ]
    });
    window.addEventListener('resize', function () { chart.resize(); });
    el.setAttribute('data-rendered', 'true');
  }

  function init() {
    var charts = document.querySelectorAll('[data-chart]');
    for (var i = 0; i < charts.length; i++) {
      var el = charts[i];
      if (typeof echarts === 'undefined') { el.textContent = ''; continue; }
      var data = JSON.parse(el.getAttribute('data-chart'));
      if (el.id === 'risk-chart') { riskChart(el, data); }
    }
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', init);
  } else {
    init();
  }
}());
