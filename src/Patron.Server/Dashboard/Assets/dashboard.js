// Draws every chart of a dashboard page with Apache ECharts (SVG renderer): each .plot element carries its data as
// JSON in data-chart (kind line, bar or heatmap; categories; series). The table under each chart is its text
// alternative. Sets data-drawn="true" on each chart drawn, so tests can tell.
(function () {
  "use strict";
  var palette = ["#2f5d8a", "#d9822b", "#3d9970", "#b13c3c", "#7a5195", "#8c6d31"];
  function format(kind, v) {
    if (v === null || v === undefined) { return "–"; }
    if (kind === "pct") { return (v * 100).toFixed(1) + "%"; }
    if (kind === "money") { return v.toLocaleString("en-US", { maximumFractionDigits: 2 }); }
    return v.toLocaleString("en-US", { maximumFractionDigits: 3 });
  }
  function option(spec) {
    var base = {
      animation: false, aria: { enabled: true }, color: palette,
      grid: { left: 64, right: 16, top: 36, bottom: 48, containLabel: true },
      tooltip: { trigger: spec.kind === "heatmap" ? "item" : "axis" },
      legend: { top: 0, type: "scroll" }
    };
    if (spec.kind === "heatmap") {
      var data = [];
      var max = 0;
      spec.series.forEach(function (s, y) {
        s.values.forEach(function (v, x) { if (v !== null) { data.push([x, y, v]); if (v > max && x > 0) { max = v; } } });
      });
      base.legend = undefined;
      base.tooltip = { formatter: function (p) { return spec.series[p.value[1]].name + ", month " + p.value[0] + ": " + format(spec.format, p.value[2]); } };
      base.xAxis = { type: "category", data: spec.categories, name: spec.x_title, nameLocation: "middle", nameGap: 28 };
      base.yAxis = { type: "category", data: spec.series.map(function (s) { return s.name; }), inverse: true };
      base.visualMap = { min: 0, max: max || 1, calculable: false, orient: "horizontal", left: "center", bottom: 0, show: false,
        inRange: { color: ["#f4f7fb", "#2f5d8a"] } };
      base.series = [{ type: "heatmap", data: data, label: { show: spec.categories.length <= 13, fontSize: 9,
        formatter: function (p) { return format(spec.format, p.value[2]); } } }];
      return base;
    }
    base.xAxis = { type: "category", data: spec.categories, name: spec.x_title, nameLocation: "middle", nameGap: 32 };
    var dual = spec.series.length === 2 && spec.kind === "bar" && spec.format === "num";
    base.yAxis = dual ? [{ type: "value" }, { type: "value" }] : { type: "value" };
    base.series = spec.series.map(function (s, i) {
      return { type: s.type || spec.kind, name: s.name, data: s.values, yAxisIndex: dual ? i : 0, connectNulls: true,
        showSymbol: spec.categories.length < 40 };
    });
    return base;
  }
  var charts = [];
  document.querySelectorAll(".plot[data-chart]").forEach(function (el) {
    var spec = JSON.parse(el.getAttribute("data-chart"));
    var chart = window.echarts.init(el, null, { renderer: "svg" });
    chart.setOption(option(spec));
    el.setAttribute("data-drawn", "true");
    charts.push(chart);
  });
  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
})();
