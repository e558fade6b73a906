// Small enhancements; every page works without them. No inline handlers: CSP allows only this file.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("select.autosubmit").forEach(function (sel) {
    sel.addEventListener("change", function () { sel.form.submit(); });
  });
  document.addEventListener("keydown", function (ev) {
    var tag = (ev.target && ev.target.tagName) || "";
    if (ev.key === "/" && tag !== "INPUT" && tag !== "TEXTAREA" && tag !== "SELECT") {
      var box = document.getElementById("search-q") || document.getElementById("quick-q");
      if (box) { ev.preventDefault(); box.focus(); }
    }
  });
});
