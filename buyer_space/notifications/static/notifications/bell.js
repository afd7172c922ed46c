/* The offer bell, progressively enhanced: the form posts in the background and every bell of the
   same offer on the page takes the new state. Without this script (or when the request fails),
   the form posts normally and the page comes back with a message. */
(function () {
  "use strict";
  if (window.espaceAcheteurBell) {
    return;
  }
  window.espaceAcheteurBell = true;

  function update(offerId, data) {
    var forms = document.querySelectorAll('form[data-bell][data-offer="' + offerId + '"]');
    Array.prototype.forEach.call(forms, function (form) {
      var button = form.querySelector("button[type=submit]");
      var label = form.querySelector("[data-bell-label]");
      var wanted = form.querySelector("[data-bell-wanted]");
      button.setAttribute("aria-pressed", data.subscribed ? "true" : "false");
      button.classList.toggle("bell--on", data.subscribed);
      if (label) {
        label.textContent = data.label;
      }
      if (wanted) {
        wanted.value = data.subscribed ? "0" : "1";
      }
    });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches("form[data-bell]") || !window.fetch) {
      return;
    }
    event.preventDefault();
    var button = form.querySelector("button[type=submit]");
    var status = form.querySelector("[data-bell-status]");
    // Busy rather than disabled: a disabled button loses the keyboard focus.
    if (button.getAttribute("aria-disabled") === "true") {
      return;
    }
    button.setAttribute("aria-disabled", "true");
    function done() {
      button.removeAttribute("aria-disabled");
      if (document.activeElement === document.body) {
        button.focus();
      }
    }
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { Accept: "application/json" }
    })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(response.status);
        }
        return response.json();
      })
      .then(function (data) {
        update(form.getAttribute("data-offer"), data);
        if (status) {
          status.textContent = data.message;
        }
        done();
      })
      .catch(function () {
        done();
        form.submit();
      });
  });
})();
