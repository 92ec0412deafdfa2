// The main menu is a disclosure on phones and always open on tablets and wider screens.
(function () {
  var menu = document.getElementById("site-menu");
  if (!menu || !window.matchMedia) return;
  var wide = window.matchMedia("(min-width: 700px)");
  function sync() { if (wide.matches) menu.open = true; }
  sync();
  if (wide.addEventListener) wide.addEventListener("change", sync);
})();
