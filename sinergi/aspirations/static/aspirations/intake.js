// The aspiration intake form keeps what is typed in localStorage, so that a connection that drops at a forum
// (or a page reloaded by mistake) loses nothing: the draft is put back when the form is opened again and
// forgotten once the server has saved it (the page after a save carries data-aspiration-saved). Files cannot be kept; the CSRF token and the submit buttons are never stored.
(function () {
  "use strict";
  if (!window.localStorage || !window.sessionStorage) return;
  // A page reached after a save (?saved=1) forgets the draft that was sent.
  var sent = sessionStorage.getItem("aspiration-draft-sent");
  if (sent && document.querySelector("[data-aspiration-saved]")) {
    localStorage.removeItem(sent);
    sessionStorage.removeItem("aspiration-draft-sent");
  }
  var form = document.querySelector("form[data-draft-key]");
  if (!form) return;
  var key = form.getAttribute("data-draft-key");
  var skip = { csrfmiddlewaretoken: true, files: true, next: true };

  function fields() {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && !skip[el.name] && el.type !== "file" && el.type !== "submit";
    });
  }

  function save() {
    var data = {};
    fields().forEach(function (el) {
      if (el.type === "radio" || el.type === "checkbox") {
        if (el.checked) data[el.name] = el.value;
      } else {
        data[el.name] = el.value;
      }
    });
    try {
      localStorage.setItem(key, JSON.stringify({ at: Date.now(), data: data }));
    } catch (e) {
      /* storage full or refused: the form still works without a draft */
    }
  }

  function restore() {
    var raw = localStorage.getItem(key);
    if (!raw) return;
    var stored;
    try {
      stored = JSON.parse(raw);
    } catch (e) {
      localStorage.removeItem(key);
      return;
    }
    var data = (stored && stored.data) || {};
    var any = false;
    fields().forEach(function (el) {
      if (!(el.name in data)) return;
      if (el.type === "radio" || el.type === "checkbox") {
        el.checked = el.value === data[el.name];
      } else if (data[el.name] !== "" && el.value !== data[el.name]) {
        el.value = data[el.name];
        any = true;
      }
    });
    var note = form.querySelector(".draft-note");
    if (any && note) note.hidden = false;
  }

  if (form.hasAttribute("data-draft-restore")) restore();
  form.addEventListener("input", save);
  form.addEventListener("change", save);
  // The draft goes only once the server answers with the saved page; a failed send keeps it.
  form.addEventListener("submit", function () {
    save();
    sessionStorage.setItem("aspiration-draft-sent", key);
  });
})();
