/* The side menu of Mon espace folds under its title on a narrow screen (the page's content
   then comes first) and stays unfolded on a wide one, where its title is not a toggle. */
(function () {
  "use strict";
  var menu = document.querySelector("[data-space-nav]");
  if (!menu || !window.matchMedia) {
    return;
  }
  var wide = window.matchMedia("(min-width: 64rem)");
  function sync() {
    menu.open = wide.matches;
    menu.classList.toggle("is-foldable", !wide.matches);
  }
  menu.addEventListener("toggle", function () {
    if (wide.matches && !menu.open) {
      menu.open = true;
    }
  });
  sync();
  wide.addEventListener("change", sync);
})();
