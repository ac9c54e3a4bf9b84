// The embedded finder (inside a partner's iframe): "Use my location", focus on the answer after a
// search the visitor made, and the page's height sent to the embedding page (embed.js sizes the
// iframe). The page works without this script.
(function () {
  "use strict";
  document.documentElement.classList.remove("no-js");

  // --- Height for the embedding page --------------------------------------------------------
  var message = document.body.getAttribute("data-height-message");
  var last = 0;
  function sendHeight() {
    var height = Math.ceil(document.body.getBoundingClientRect().height);
    if (height === last || window.parent === window) return;
    last = height;
    // Only a number goes out, so any page may receive it.
    window.parent.postMessage({ type: message, height: height }, "*");
  }
  if ("ResizeObserver" in window) new ResizeObserver(sendHeight).observe(document.body);
  window.addEventListener("load", sendHeight);
  sendHeight();

  // --- Focus the answer after the visitor's own search (not when the partner's page loads) -----
  var answer = document.querySelector("[data-embed-focus] [tabindex='-1']");
  if (answer) answer.focus({ preventScroll: false });

  // --- Use my location ----------------------------------------------------------------------
  var form = document.querySelector("[data-embed-form]");
  var locate = document.querySelector("[data-embed-locate]");
  if (!form || !locate || !("geolocation" in navigator)) return;
  var button = locate.querySelector("button");
  var status = locate.querySelector("[role='status']");
  locate.hidden = false;
  button.addEventListener("click", function () {
    button.disabled = true;
    status.textContent = locate.getAttribute("data-locating");
    navigator.geolocation.getCurrentPosition(
      function (position) {
        var params = new URLSearchParams();
        Array.prototype.forEach.call(form.querySelectorAll("input[type='hidden']"), function (input) {
          params.append(input.name, input.value);
        });
        params.set("lat", position.coords.latitude.toFixed(3));
        params.set("lon", position.coords.longitude.toFixed(3));
        window.location.assign(window.location.pathname + "?" + params.toString());
      },
      function (error) {
        button.disabled = false;
        status.textContent = locate.getAttribute(
          error.code === error.PERMISSION_DENIED ? "data-denied" : "data-failed"
        );
      },
      { enableHighAccuracy: false, timeout: 15000, maximumAge: 300000 }
    );
  });
})();
