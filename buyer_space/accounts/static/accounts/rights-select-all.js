// "Tout sélectionner" of the family rights matrix: the server handles the box on its own (the
// whole column is granted); this only mirrors it on the column's boxes, and back.
(function () {
  "use strict";
  document.querySelectorAll("[data-rights-form]").forEach(function (form) {
    form.querySelectorAll("[data-select-all]").forEach(function (master) {
      var name = master.getAttribute("data-select-all");
      var boxes = form.querySelectorAll('input[type="checkbox"][name="' + name + '"]');
      function sync() {
        var all = boxes.length > 0 && Array.prototype.every.call(boxes, function (box) { return box.checked; });
        master.checked = all;
      }
      master.addEventListener("change", function () {
        boxes.forEach(function (box) { box.checked = master.checked; });
      });
      boxes.forEach(function (box) { box.addEventListener("change", sync); });
      sync();
    });
  });
})();
