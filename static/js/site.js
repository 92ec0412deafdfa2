// Behaviour every page may use, wired here because the Content-Security-Policy allows no inline
// script or event handler:
// * the main menu is a disclosure on phones and always open on tablets and wider screens;
// * a button with data-print opens the browser's print dialog;
// * a select with data-autosubmit submits its form when changed (filters);
// * signing out first forgets what the mentor's phone page kept for offline use (its service
//   worker's caches hold the mentees' names), so the next person on a shared phone sees none.
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
  var logout = document.querySelector("form.logout");
  if (logout && window.caches) {
    logout.addEventListener("submit", function (event) {
      event.preventDefault();
      var signOut = function () { logout.submit(); };  // submit() fires no second event
      caches.keys().then(function (names) {
        return Promise.all(names.filter(function (name) {
          return name.indexOf("literacy-mentor-") === 0;
        }).map(function (name) { return caches.delete(name); }));
      }).then(signOut, signOut);
    });
  }
})();
