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
  // On a wide screen the title is not a toggle: its click (or Enter, Space) does nothing, so
  // the menu never folds, not even for the moment a "toggle" handler would need to reopen it.
  menu.querySelector("summary").addEventListener("click", function (event) {
    if (wide.matches) {
      event.preventDefault();
    }
  });
  sync();
  wide.addEventListener("change", sync);
})();
