// Charts of the report pages (RPT-2), drawn by the vendored Chart.js from the JSON the page carries
// (no inline script: the CSP forbids it). A click on a bar follows the link of that bar: one level
// down in the drill-down. The same figures are in the table beside each chart.
(function () {
  "use strict";
  var PALETTE = ["#0d6efd", "#dc3545", "#198754", "#fd7e14", "#6f42c1", "#20c997", "#6c757d", "#d63384", "#0dcaf0", "#ffc107"];

  function draw(canvas) {
    var source = document.getElementById(canvas.getAttribute("data-chart"));
    if (!source || typeof Chart === "undefined") { return; }
    var spec = JSON.parse(source.textContent);
    var round = spec.type === "doughnut";
    spec.datasets.forEach(function (ds, i) {
      ds.backgroundColor = round ? PALETTE : PALETTE[i % PALETTE.length];
    });
    var chart = new Chart(canvas, {
      type: spec.type,
      data: { labels: spec.labels, datasets: spec.datasets },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        indexAxis: !round && spec.labels.length > 12 ? "y" : "x",
        plugins: { legend: { display: round || spec.datasets.length > 1 } },
        onHover: function (event, elements) {
          event.native.target.style.cursor = elements.length && spec.links.length ? "pointer" : "default";
        },
        onClick: function (event, elements) {
          if (!elements.length) { return; }
          var link = spec.links[elements[0].index];
          if (link) { window.location.assign(link); }
        }
      }
    });
    canvas.chart = chart;
  }

  function init() {
    var canvases = document.querySelectorAll("canvas[data-chart]");
    for (var i = 0; i < canvases.length; i++) { draw(canvases[i]); }
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
