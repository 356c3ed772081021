// Sinergi's own behaviour for every page, served from this server: the Content-Security-Policy allows no inline
// script or event handler, so what templates once wrote as onchange="..." is declared here by data attributes.
(function () {
  "use strict";
  // <select data-autosubmit>: choosing a value submits its form (e.g. the sheet of an uploaded workbook).
  document.addEventListener("change", function (event) {
    var field = event.target;
    if (!(field instanceof HTMLElement) || !field.hasAttribute("data-autosubmit") || !field.form) {
      return;
    }
    if (typeof field.form.requestSubmit === "function") {
      field.form.requestSubmit();
    } else {
      field.form.submit();
    }
  });
})();
