// Province dashboard charts: Chart.js drawn from the page's JSON data island
// (no inline script, so the Content-Security-Policy can forbid it).
(function () {
  "use strict";
  var island = document.getElementById("dashboard-data");
  if (!island || typeof Chart === "undefined") {
    return;
  }
  var data = JSON.parse(island.textContent);
  var colour = "#a8201a";
  document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
    var series = data[canvas.dataset.chart];
    if (!series) {
      return;
    }
    var line = canvas.dataset.kind === "line";
    new Chart(canvas, {
      type: line ? "line" : "bar",
      data: {
        labels: series.labels,
        datasets: [{
          data: series.values,
          backgroundColor: line ? "rgba(168, 32, 26, 0.15)" : colour,
          borderColor: colour,
          fill: line,
          tension: 0.2
        }]
      },
      options: {
        animation: false, // print what is on screen at once
        responsive: true,
        maintainAspectRatio: true,
        aspectRatio: 1.8,
        plugins: { legend: { display: false } },
        scales: {
          y: { beginAtZero: true, ticks: { precision: 0 } },
          x: { ticks: { autoSkip: false, maxRotation: 60 } }
        }
      }
    });
  });
  // Charts keep their screen size when printing unless told to resize.
  window.addEventListener("beforeprint", function () {
    Object.values(Chart.instances).forEach(function (chart) { chart.resize(); });
  });
})();
