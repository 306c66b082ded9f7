// Draws every chart of a dashboard page with Apache ECharts (SVG renderer): each .plot element carries its data as
// JSON in data-chart (kind line, bar, heatmap or interval — series low, estimate, high per category; categories;
// series). The table under each chart is its text
// alternative. Sets data-drawn="true" on each chart drawn, so tests can tell, and the performance mark
// patron-charts-drawn when all are.
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
    if (spec.kind === "interval") {
      var low = spec.series[0].values, mid = spec.series[1].values, high = spec.series[2].values;
      var stroke = { stroke: palette[0], lineWidth: 2 };
      base.legend = undefined;
      base.tooltip = { trigger: "item", formatter: function (p) {
        var i = p.dataIndex;
        return spec.categories[i] + ": " + format(spec.format, mid[i]) + " (" + format(spec.format, low[i]) + " to " + format(spec.format, high[i]) + ")";
      } };
      base.xAxis = { type: "category", data: spec.categories, name: spec.x_title, nameLocation: "middle", nameGap: 32 };
      base.yAxis = { type: "value", axisLabel: { formatter: function (v) { return format(spec.format, v); } } };
      base.series = [
        { type: "custom", name: "95% interval", data: spec.categories.map(function (c, i) { return [i, low[i], high[i]]; })
            .filter(function (d) { return d[1] !== null && d[2] !== null; }),
          encode: { x: 0, y: [1, 2] },
          renderItem: function (params, api) {
            var lo = api.coord([api.value(0), api.value(1)]);
            var hi = api.coord([api.value(0), api.value(2)]);
            var w = api.size([1, 0])[0] * 0.12;
            return { type: "group", children: [
              { type: "line", shape: { x1: lo[0], y1: lo[1], x2: hi[0], y2: hi[1] }, style: stroke },
              { type: "line", shape: { x1: lo[0] - w, y1: lo[1], x2: lo[0] + w, y2: lo[1] }, style: stroke },
              { type: "line", shape: { x1: hi[0] - w, y1: hi[1], x2: hi[0] + w, y2: hi[1] }, style: stroke }
            ] };
          } },
        { type: "scatter", name: spec.series[1].name, data: mid, symbolSize: 11, itemStyle: { color: palette[1] },
          markLine: { silent: true, symbol: "none", data: [{ yAxis: 0 }], lineStyle: { color: "#56606b", type: "dashed" }, label: { show: false } } }
      ];
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
  // For timing (the render benchmark): every chart of the page is drawn.
  if (window.performance && performance.mark) { performance.mark("patron-charts-drawn"); }
  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
})();
