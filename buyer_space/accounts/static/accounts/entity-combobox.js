// The registration's entity field as a combobox (WAI-ARIA 1.2 pattern, list autocomplete):
// the establishments matching what is typed are listed as one types, chosen with the arrows
// and Entrée, or a click. Without JavaScript the form keeps its Rechercher button and radios.
(function () {
  "use strict";

  var input = document.querySelector("[data-entity-combobox]");
  if (!input || !window.fetch) {
    return;
  }
  var form = input.form;
  var url = input.getAttribute("data-suggestions-url");
  var field = input.closest(".entity-search");
  var searchButton = field.querySelector("[data-entity-search-button]");
  var status = field.querySelector("[data-entity-status]");
  var listbox = document.createElement("ul");
  var chosen = document.createElement("input");
  var options = [];
  var active = -1;
  var timer = null;
  var lastQuery = null;

  listbox.id = input.id + "_listbox";
  listbox.className = "entity-combobox__list";
  listbox.setAttribute("role", "listbox");
  listbox.setAttribute("aria-label", "Entités correspondant à votre saisie");
  listbox.hidden = true;
  input.parentNode.insertBefore(listbox, input.nextSibling);

  chosen.type = "hidden";
  chosen.name = "establishment";
  chosen.disabled = true;
  form.appendChild(chosen);

  input.removeAttribute("list");
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("aria-controls", listbox.id);
  if (searchButton) {
    searchButton.hidden = true;
  }
  field.classList.add("entity-search--combobox");

  function announce(text) {
    status.textContent = text;
  }

  function close() {
    listbox.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  }

  function highlight(index) {
    options.forEach(function (option, position) {
      option.setAttribute("aria-selected", position === index ? "true" : "false");
    });
    active = index;
    if (index >= 0) {
      input.setAttribute("aria-activedescendant", options[index].id);
      options[index].scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  function choose(option) {
    input.value = option.getAttribute("data-label");
    chosen.value = option.getAttribute("data-id");
    chosen.disabled = false;
    // A choice made here replaces one made among the radios of a search without JavaScript.
    form.querySelectorAll('input[type="radio"][name="establishment"]').forEach(function (radio) {
      radio.checked = false;
    });
    close();
    announce("Entité choisie : " + option.getAttribute("data-label"));
  }

  function render(results) {
    listbox.textContent = "";
    options = results.map(function (result, index) {
      var option = document.createElement("li");
      option.id = listbox.id + "_" + index;
      option.className = "entity-combobox__option";
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      option.setAttribute("data-id", result.id);
      option.setAttribute("data-label", result.label);
      option.textContent = result.label;
      if (result.detail) {
        var detail = document.createElement("span");
        detail.className = "muted";
        detail.textContent = " — " + result.detail;
        option.appendChild(detail);
      }
      option.addEventListener("mousedown", function (event) {
        event.preventDefault(); // keep the focus in the field
        choose(option);
      });
      listbox.appendChild(option);
      return option;
    });
    active = -1;
    if (options.length) {
      listbox.hidden = false;
      input.setAttribute("aria-expanded", "true");
      announce(
        options.length +
          (options.length > 1 ? " entités trouvées" : " entité trouvée") +
          " : flèche bas pour parcourir la liste, Entrée pour choisir."
      );
    } else {
      close();
      announce(
        "Aucune entité ne correspond. Vérifiez l'orthographe, essayez la ville ou le N° SIRET, " +
          "ou laissez le champ vide : vous décrirez votre entité à l'étape suivante."
      );
    }
  }

  function search() {
    var query = input.value.trim();
    if (query === lastQuery) {
      return;
    }
    lastQuery = query;
    if (query.length < 2) {
      listbox.textContent = "";
      options = [];
      close();
      return;
    }
    fetch(url + "?q=" + encodeURIComponent(query), {
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(response.status);
        }
        return response.json();
      })
      .then(function (data) {
        if (input.value.trim() === query) {
          render(data.results || []);
        }
      })
      .catch(function () {
        lastQuery = null;
        if (searchButton) {
          searchButton.hidden = false; // the search of the page itself still works
        }
        announce("La recherche n'a pas abouti : utilisez le bouton Rechercher.");
      });
  }

  input.addEventListener("input", function () {
    chosen.value = "";
    chosen.disabled = true;
    window.clearTimeout(timer);
    timer = window.setTimeout(search, 200);
  });

  input.addEventListener("keydown", function (event) {
    var open = !listbox.hidden && options.length > 0;
    if (event.key === "ArrowDown") {
      event.preventDefault();
      if (!open && options.length) {
        listbox.hidden = false;
        input.setAttribute("aria-expanded", "true");
      }
      if (options.length) {
        highlight(active + 1 < options.length ? active + 1 : 0);
      }
    } else if (event.key === "ArrowUp") {
      if (open) {
        event.preventDefault();
        highlight(active > 0 ? active - 1 : options.length - 1);
      }
    } else if (event.key === "Enter") {
      if (open && active >= 0) {
        event.preventDefault(); // choose, do not submit the form yet
        choose(options[active]);
      }
    } else if (event.key === "Escape") {
      if (open) {
        event.preventDefault();
        close();
      }
    }
  });

  input.addEventListener("blur", function () {
    window.setTimeout(close, 100);
  });
})();
