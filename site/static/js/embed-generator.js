// Admin: the embed generator. The form works without this script (it reloads the page with the
// options); with it, the code and the preview follow every change at once, and "Copy the code"
// copies the snippet.
(function () {
  "use strict";
  var form = document.querySelector("[data-embed-generator]");
  var configElement = document.getElementById("embed-config");
  if (!form || !configElement) return;
  var config = JSON.parse(configElement.textContent);
  var snippet = document.querySelector("[data-embed-snippet]");
  var iframeSnippet = document.querySelector("[data-embed-iframe]");
  var preview = document.querySelector("[data-embed-preview]");

  function escapeAttribute(value) {
    return String(value).replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
  }

  function options() {
    var data = new FormData(form);
    var lang = data.get("language") || "fi";
    var params = [];
    if (data.get("municipality")) params.push(["municipality", data.get("municipality")]);
    if (data.get("region")) params.push(["region", data.get("region")]);
    data.getAll("services").forEach(function (code) {
      params.push(["service", code]);
    });
    if (data.get("theme") && data.get("theme") !== "brand") params.push(["theme", data.get("theme")]);
    return { lang: lang, params: params };
  }

  function update() {
    var chosen = options();
    var query = new URLSearchParams(chosen.params).toString();
    var path = config.paths[chosen.lang] + (query ? "?" + query : "");
    var attributes = ['data-lang="' + chosen.lang + '"'];
    var services = [];
    chosen.params.forEach(function (pair) {
      if (pair[0] === "service") services.push(pair[1]);
      else attributes.push("data-" + pair[0] + '="' + escapeAttribute(pair[1]) + '"');
    });
    if (services.length) attributes.push('data-services="' + escapeAttribute(services.join(",")) + '"');
    snippet.value =
      '<script src="' + config.base + config.loader + '" ' + attributes.join(" ") + " async></" + "script>";
    iframeSnippet.value =
      '<iframe src="' + escapeAttribute(config.base + path) + '" title="' +
      escapeAttribute(config.titles[chosen.lang]) +
      '" allow="geolocation" style="width:100%;max-width:48rem;height:40rem;border:0"></iframe>';
    if (preview.getAttribute("src") !== path) preview.setAttribute("src", path);
  }

  form.addEventListener("change", update);

  var copy = document.querySelector("[data-copy]");
  var copyStatus = document.querySelector("[data-copy-status]");
  if (copy && navigator.clipboard) {
    copy.hidden = false;
    copy.addEventListener("click", function () {
      navigator.clipboard.writeText(snippet.value).then(function () {
        copyStatus.textContent = copy.getAttribute("data-copied");
      });
    });
  }
})();
