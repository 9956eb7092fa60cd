// Place the field boxes on the page images (page fractions → percent) and highlight on click.
(function () {
  "use strict";
  function place(box) {
    var p = (box.getAttribute("data-box") || "").split(",").map(Number);
    if (p.length !== 4 || p.some(isNaN)) { return; }
    box.style.left = p[0] + "%"; box.style.top = p[1] + "%";
    box.style.width = p[2] + "%"; box.style.height = p[3] + "%";
  }
  function highlight(boxId, scroll) {
    document.querySelectorAll(".box.active").forEach(function (b) { b.classList.remove("active"); });
    document.querySelectorAll(".field-btn[aria-pressed='true']").forEach(function (b) { b.setAttribute("aria-pressed", "false"); });
    var box = document.getElementById(boxId);
    if (!box) { return; }
    box.classList.add("active");
    var button = document.getElementById(box.getAttribute("data-field"));
    if (button) { button.setAttribute("aria-pressed", "true"); }
    if (scroll) {
      // Scroll the documents column only (never the whole page).
      var viewer = box.closest(".viewer");
      if (viewer) {
        var delta = box.getBoundingClientRect().top - viewer.getBoundingClientRect().top;
        viewer.scrollTop += delta - viewer.clientHeight / 3;
      }
    }
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".box[data-box]").forEach(place);
    document.querySelectorAll(".field-btn[data-box]").forEach(function (button) {
      button.addEventListener("click", function () { highlight(button.getAttribute("data-box"), true); });
    });
    document.querySelectorAll(".box[data-field]").forEach(function (box) {
      box.addEventListener("click", function () {
        highlight(box.id, false);
        var button = document.getElementById(box.getAttribute("data-field"));
        if (button) { button.focus(); }
      });
    });
  });
})();
