/* Search box suggestions: fills a <datalist> for the search field from /api/search/autocomplete/.
   Progressive enhancement: without JavaScript the field is a plain search field. */
(function () {
  "use strict";
  var input = document.getElementById("search-page-q");
  if (!input || !input.dataset.autocompleteUrl || !window.fetch) { return; }
  var list = document.createElement("datalist");
  list.id = "search-page-suggestions";
  input.parentNode.appendChild(list);
  input.setAttribute("list", list.id);
  var timer = null;
  var last = "";
  input.addEventListener("input", function () {
    var value = input.value.trim();
    if (value === last) { return; }
    last = value;
    window.clearTimeout(timer);
    if (value.length < 2) { list.textContent = ""; return; }
    timer = window.setTimeout(function () {
      fetch(input.dataset.autocompleteUrl + "&q=" + encodeURIComponent(value), {
        headers: { "Accept": "application/json" }, credentials: "same-origin"
      }).then(function (response) {
        return response.ok ? response.json() : [];
      }).then(function (suggestions) {
        if (input.value.trim() !== value) { return; }
        list.textContent = "";
        suggestions.forEach(function (suggestion) {
          var option = document.createElement("option");
          option.value = suggestion.label;
          list.appendChild(option);
        });
      }).catch(function () { list.textContent = ""; });
    }, 150);
  });
}());
