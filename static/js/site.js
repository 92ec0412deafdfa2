// Behaviour every page may use, wired here because the Content-Security-Policy allows no inline
// script or event handler:
// * the main menu is a disclosure on phones and always open on tablets and wider screens;
// * a button with data-print opens the browser's print dialog;
// * a select with data-autosubmit submits its form when changed (filters).
(function () {
  "use strict";
  var menu = document.getElementById("site-menu");
  if (menu && window.matchMedia) {
    var wide = window.matchMedia("(min-width: 700px)");
    var sync = function () { if (wide.matches) menu.open = true; };
    sync();
    if (wide.addEventListener) wide.addEventListener("change", sync);
  }
  // Print buttons: any element with data-print opens the browser's print dialog.
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
  // Filters that apply as soon as a choice is made: <select data-autosubmit>.
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () {
      if (select.form.requestSubmit) select.form.requestSubmit(); else select.form.submit();
    });
  });
})();
