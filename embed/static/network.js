// The interactive responsibility network: cytoscape (vendored, /embed/static/cytoscape/) over the
// elements the server wrote into #pg-network-data, positioned exactly like the SVG picture.
(function () {
  "use strict";
  var source = document.getElementById("pg-network-data");
  var box = document.getElementById("pg-network");
  if (!source || !box || typeof cytoscape !== "function") { return; }
  var colours = { OVERDUE: "#d93025", DUE_SOON: "#f2a600", OPEN: "#1e8e3e", DONE: "#1e8e3e",
                  DONE_LATE: "#80868b" };
  var cy = cytoscape({
    container: box,
    elements: JSON.parse(source.textContent),
    layout: { name: "preset" },
    wheelSensitivity: 0.3,
    style: [
      { selector: "node", style: {
          "label": "data(label)", "font-size": 11, "width": 12, "height": 12,
          "font-family": "Noto Sans CJK SC, Source Han Sans SC, PingFang SC, Microsoft YaHei, sans-serif",
          "background-color": function (n) { return colours[n.data("status")] || "#5f6368"; },
          "text-valign": "center", "text-halign": "right", "text-margin-x": 4 } },
      { selector: "node[kind = 'Unit']", style: { "text-halign": "left", "text-margin-x": -4 } },
      { selector: "node[kind = 'Task'], node[kind = 'Target']", style: { "shape": "rectangle" } },
      { selector: "edge", style: { "width": 1, "line-color": "#bdc1c6", "curve-style": "bezier" } },
      { selector: "edge[?strong]", style: { "width": 2, "line-color": "#5f6368" } },
      { selector: ".faded", style: { "opacity": 0.15 } }
    ]
  });
  // Clicking a node keeps its neighbourhood in view and fades the rest; clicking the
  // background brings everything back.
  cy.on("tap", "node", function (event) {
    var near = event.target.closedNeighborhood();
    cy.elements().addClass("faded");
    near.removeClass("faded");
    document.getElementById("pg-network-title").textContent = event.target.data("title");
  });
  cy.on("tap", function (event) {
    if (event.target === cy) { cy.elements().removeClass("faded"); }
  });
  box.setAttribute("data-ready", String(cy.nodes().length));
})();
