// The graph of who met whom: data from /api/graph, drawn with the vendored cytoscape.js.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var box = document.getElementById("graph");
  if (!box || typeof cytoscape !== "function") { return; }
  fetch(box.getAttribute("data-src"), { headers: { "Accept": "application/json" } })
    .then(function (r) { if (!r.ok) { throw new Error("HTTP " + r.status); } return r.json(); })
    .then(function (data) {
      var focus = box.getAttribute("data-focus") || "";
      var maxW = Math.max.apply(null, [1].concat(data.edges.map(function (e) { return e.weight; })));
      var elements = data.nodes.map(function (n) {
        return { data: { id: n.id, label: n.name, size: 14 + 4 * Math.sqrt(n.events) } };
      }).concat(data.edges.map(function (e, i) {
        return { data: { id: "e" + i, source: e.source, target: e.target, weight: e.weight,
                         width: 1 + 5 * e.weight / maxW } };
      }));
      var cy = cytoscape({
        container: box,
        elements: elements,
        style: [
          { selector: "node", style: { "label": "data(label)", "width": "data(size)", "height": "data(size)",
            "background-color": "#2f6db5", "font-size": 10, "color": "#222", "text-valign": "bottom",
            "text-margin-y": 3 } },
          { selector: "node.focus", style: { "background-color": "#d2691e", "font-weight": "bold" } },
          { selector: "edge", style: { "width": "data(width)", "line-color": "#9bb4d3", "curve-style": "haystack" } }
        ],
        layout: { name: "cose", animate: false, nodeRepulsion: 400000, idealEdgeLength: 120, padding: 40 },
        minZoom: 0.1,
        maxZoom: 3
      });
      if (cy.zoom() > 1) { cy.zoom(1); cy.center(); }
      cy.on("tap", "node", function (ev) {
        window.location.href = "/people/" + encodeURIComponent(ev.target.id());
      });
      if (focus) {
        var n = cy.getElementById(focus);
        if (n && n.length) { n.addClass("focus"); cy.center(n); }
      }
      box.setAttribute("data-ready", String(data.nodes.length));
    })
    .catch(function (err) {
      box.textContent = "The graph could not be loaded: " + err.message;
      box.setAttribute("data-ready", "error");
    });
});
