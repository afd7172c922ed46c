// Wagtail's rich-text editor (Draftail) draws its editable area as a textbox that its field's
// label does not name (the label points at the hidden input that carries the value; a StreamField
// block has no label). Name each textbox, for screen readers, as soon as the editor appears.
(function () {
  "use strict";

  function nameEditors(root) {
    root.querySelectorAll('.Draftail-Editor [role="textbox"]').forEach(function (box) {
      if (box.hasAttribute("aria-labelledby") || box.hasAttribute("aria-label")) {
        return;
      }
      var field = box.closest(".w-field");
      var label = field && field.querySelector(".w-field__label");
      if (!label) {
        // A rich-text block of a StreamField: named by its block's type (e.g. « Paragraphe »).
        var block = box.closest(".c-sf-block");
        var type = block && block.querySelector(".c-sf-block__type");
        box.setAttribute("aria-label", (type && type.textContent.trim()) || "Texte enrichi");
        return;
      }
      if (!label.id) {
        label.id = "rich-text-label-" + Math.random().toString(36).slice(2);
      }
      box.setAttribute("aria-labelledby", label.id);
    });
  }

  function start() {
    nameEditors(document);
    new MutationObserver(function () {
      nameEditors(document);
    }).observe(document.body, { childList: true, subtree: true });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
