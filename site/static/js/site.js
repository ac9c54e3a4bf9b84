// Progressive enhancement only: the site works without JavaScript.
document.documentElement.classList.replace("no-js", "js");

// Main navigation: on narrow screens the menu folds behind a button (CSS shows the button only
// there, and only when this script runs). Escape closes it and returns focus to the button.
(function () {
  var toggle = document.querySelector(".site-nav__toggle");
  var list = toggle && document.getElementById(toggle.getAttribute("aria-controls"));
  if (!list) return;
  function setOpen(open) {
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
    list.classList.toggle("is-open", open);
  }
  toggle.addEventListener("click", function () {
    setOpen(toggle.getAttribute("aria-expanded") !== "true");
  });
  list.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      setOpen(false);
      toggle.focus();
    }
  });
})();
