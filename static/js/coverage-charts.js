// Coverage charts: each chart is drawn from the table of its figures (the table stays for screen
// readers and printing). uPlot is vendored in static/vendor/uplot (no CDN, no inline script).
(function () {
  "use strict";
  if (typeof uPlot === "undefined") { return; }

  function dayToSeconds(iso) { return Date.parse(iso + "T00:00:00Z") / 1000; }

  function width(el) { return Math.max(280, el.clientWidth || 320); }

  function trend(table, target) {
    var rows = Array.prototype.slice.call(table.querySelectorAll("tbody tr[data-day]"));
    if (!rows.length) { return; }
    var xs = rows.map(function (r) { return dayToSeconds(r.dataset.day); });
    var trained = rows.map(function (r) { return Number(r.dataset.value); });
    var goal = Number(table.dataset.target || 0);
    var deadline = table.dataset.deadline ? dayToSeconds(table.dataset.deadline) : null;
    var last = xs[xs.length - 1];
    var projection = xs.map(function () { return null; });
    projection[projection.length - 1] = trained[trained.length - 1];
    if (deadline && deadline > last) {
      // Straight on at the recent pace (last 28 days) to the deadline.
      var first = 0;
      while (first < xs.length - 1 && last - xs[first] > 28 * 86400) { first++; }
      var days = (last - xs[first]) / 86400;
      var pace = days > 0 ? (trained[trained.length - 1] - trained[first]) / days : 0;
      xs.push(deadline);
      trained.push(null);
      projection.push(trained[trained.length - 2] + pace * (deadline - last) / 86400);
    }
    var goalLine = xs.map(function () { return goal; });
    var options = {
      width: width(target), height: 260,
      scales: { x: { time: true } },
      series: [
        {},
        { label: table.dataset.labelTrained, stroke: "#1e6b34", width: 2 },
        { label: table.dataset.labelTarget, stroke: "#c8102e", dash: [6, 4], width: 1 },
        { label: table.dataset.labelProjection, stroke: "#555", dash: [2, 4], width: 2, spanGaps: true }
      ]
    };
    return new uPlot(options, [xs, trained, goalLine, projection], target);
  }

  function bars(table, target) {
    var rows = Array.prototype.slice.call(table.querySelectorAll("tbody tr[data-label]"))
      .filter(function (r) { return r.dataset.value !== ""; });
    if (!rows.length) { return; }
    var labels = rows.map(function (r) { return r.dataset.label; });
    var xs = labels.map(function (_, i) { return i; });
    var values = rows.map(function (r) { return Number(r.dataset.value); });
    var options = {
      width: width(target), height: 220,
      scales: { x: { time: false, range: [-0.5, labels.length - 0.5] }, y: { range: [0, 100] } },
      axes: [{ values: function (u, ticks) { return ticks.map(function (t) { return labels[t] || ""; }); } }, {}],
      series: [{}, { label: table.dataset.labelValue, fill: "#1e6b34", stroke: "#1e6b34",
        paths: uPlot.paths.bars({ size: [0.6, 80] }), points: { show: false } }]
    };
    return new uPlot(options, [xs, values], target);
  }

  var kinds = { trend: trend, bars: bars };
  document.querySelectorAll("table[data-chart]").forEach(function (table) {
    var draw = kinds[table.dataset.chart];
    var target = document.getElementById(table.dataset.chartTarget);
    if (draw && target) { draw(table, target); }
  });
})();
