// Draws the comparison page's chart with the library it names and records how long drawing took (data-render-ms),
// so the two libraries can be timed in the same browser.
(function () {
  "use strict";
  var el = document.getElementById("compare-chart");
  if (!el) { return; }
  var spec = JSON.parse(el.getAttribute("data-chart"));
  var values = spec.series[0].values;
  var t0 = performance.now();
  if (el.getAttribute("data-library") === "plotly") {
    window.Plotly.newPlot(el, [{ type: "bar", x: spec.categories, y: values, name: "Revenue" }],
      { title: { text: "Monthly revenue" }, margin: { t: 40 } }, { staticPlot: false, responsive: true, displaylogo: false });
  } else {
    var chart = window.echarts.init(el, null, { renderer: "svg" });
    chart.setOption({
      animation: false, aria: { enabled: true }, title: { text: "Monthly revenue" }, tooltip: { trigger: "axis" },
      xAxis: { type: "category", data: spec.categories }, yAxis: { type: "value" },
      series: [{ type: "bar", name: "Revenue", data: values }]
    });
  }
  el.setAttribute("data-render-ms", (performance.now() - t0).toFixed(1));
  el.setAttribute("data-drawn", "true");
})();
