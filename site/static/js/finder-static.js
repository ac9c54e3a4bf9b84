// The finder without a server (locations/municipalities.py has the data's side).
//
// - Open-now state: computed here from the hours in /finder-data/points.<lang>.json, in Helsinki
//   time, so a cached or exported page never shows a stale "open now". The municipality pages
//   render no state at all ([data-open-status]); in the static export the finder's cards and the
//   Ohjaamo pages' points, rendered at build time, are corrected at load.
// - In the static export (<html data-static-export>, set by generator/build.py) the finder's
//   search runs in the browser: the form's submit is intercepted, the query (postal code,
//   municipality or town in Finnish or Swedish, a municipality's name in an inflected form, or
//   the position "Use my location" puts in the address) is resolved with
//   /finder-data/gazetteer.json and the points are ranked as
//   locations.geo.nearest ranks them: the Ohjaamo serving the municipality first, then the
//   nearest by straight-line distance. Without JavaScript the link "Find by municipality" next to
//   the form leads to a page per municipality.
(function () {
  "use strict";

  var root = document.documentElement;
  var lang = (root.getAttribute("lang") || "fi").slice(0, 2);
  var isExport = root.hasAttribute("data-static-export");
  var statusTargets = document.querySelectorAll("[data-open-status]");
  var form = document.querySelector("[data-finder-form]");
  // The finder's cards and the Ohjaamo page's points, as rendered when the file was built.
  var cards = isExport ? document.querySelectorAll(".point-card, article.point[id^='point-']") : [];
  if (!statusTargets.length && !(isExport && (form || cards.length))) return;

  function getJSON(url) {
    return fetch(url, { credentials: "same-origin" }).then(function (response) {
      if (!response.ok) throw new Error(url + ": " + response.status);
      return response.json();
    });
  }

  var pointsPromise = getJSON("/finder-data/points." + lang + ".json");
  var gazetteerPromise = null;
  function gazetteer() {
    if (!gazetteerPromise) gazetteerPromise = getJSON("/finder-data/gazetteer.json");
    return gazetteerPromise;
  }

  // --- Time in Helsinki ------------------------------------------------------------------------

  var DAY = 1440;
  var clock = new Intl.DateTimeFormat("en-GB", {
    timeZone: "Europe/Helsinki",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  });

  function helsinkiNow() {
    var parts = {};
    clock.formatToParts(new Date()).forEach(function (part) {
      parts[part.type] = part.value;
    });
    return {
      day: Date.UTC(+parts.year, +parts.month - 1, +parts.day),
      minutes: +parts.hour * 60 + +parts.minute,
    };
  }

  function isoDay(utcMillis) {
    return new Date(utcMillis).toISOString().slice(0, 10);
  }

  function minutesOf(hhmm) {
    var bits = hhmm.split(":");
    return +bits[0] * 60 + +bits[1];
  }

  // The intervals of one date, decided as locations.hours.Schedule.day decides them.
  function dayIntervals(point, holidays, utcMillis) {
    var iso = isoDay(utcMillis);
    if ((point.from && iso < point.from) || (point.to && iso > point.to)) return [];
    for (var i = 0; i < point.exceptions.length; i++) {
      var e = point.exceptions[i]; // the most specific first
      if (e[0] <= iso && iso <= e[1]) {
        return e[2] && e[3] ? [[e[2], e[3]]] : [];
      }
    }
    if (holidays[iso]) return [];
    var weekday = (new Date(utcMillis).getUTCDay() + 6) % 7;
    return point.hours
      .filter(function (h) {
        return h[0] === weekday;
      })
      .map(function (h) {
        return [h[1], h[2]];
      });
  }

  // Open now? {open, until, next}: minutes from today's midnight (Helsinki wall clock).
  function openState(point, holidays, now) {
    var spans = [];
    for (var offset = -1; offset <= 8; offset++) {
      dayIntervals(point, holidays, now.day + offset * 86400000).forEach(function (interval) {
        var opens = minutesOf(interval[0]);
        var closes = minutesOf(interval[1]);
        var start = offset * DAY + opens;
        var end = (closes <= opens ? offset + 1 : offset) * DAY + closes;
        spans.push([start, end]);
      });
    }
    spans.sort(function (a, b) {
      return a[0] - b[0];
    });
    var merged = [];
    spans.forEach(function (span) {
      var last = merged[merged.length - 1];
      if (last && span[0] <= last[1]) last[1] = Math.max(last[1], span[1]);
      else merged.push(span.slice());
    });
    for (var i = 0; i < merged.length; i++) {
      if (merged[i][0] <= now.minutes && now.minutes < merged[i][1]) {
        return { open: true, until: merged[i][1] };
      }
      if (merged[i][0] > now.minutes) return { open: false, next: merged[i][0] };
    }
    return { open: false };
  }

  function format(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (match, name) {
      return name in values ? values[name] : match;
    });
  }

  function formatTime(labels, minutes) {
    var h = Math.floor(minutes / 60) % 24;
    var m = ("0" + (minutes % 60)).slice(-2);
    return labels.time === "H:i" ? ("0" + h).slice(-2) + ":" + m : h + "." + m;
  }

  function when(labels, now, minutes) {
    var days = Math.floor(minutes / DAY);
    var time = formatTime(labels, ((minutes % DAY) + DAY) % DAY);
    if (days === 0) return format(labels.today, { time: time });
    if (days === 1) return format(labels.tomorrow, { time: time });
    var weekday = (new Date(now.day + days * 86400000).getUTCDay() + 6) % 7;
    return format(labels.on_day, { weekday: labels.weekdays[weekday], time: time });
  }

  function statusText(labels, now, state) {
    if (state.open) {
      if (state.until >= 7 * DAY) return labels.open;
      return format(labels.open_until, { when: when(labels, now, state.until) });
    }
    if (state.next === undefined || state.next >= 7 * DAY) return labels.closed;
    return format(labels.closed_until, { when: when(labels, now, state.next) });
  }

  function prepare(data) {
    var holidays = {};
    data.holidays.forEach(function (day) {
      holidays[day] = true;
    });
    var byId = {};
    var now = helsinkiNow();
    data.points.forEach(function (point) {
      point.state = openState(point, holidays, now);
      point.statusText = statusText(data.labels, now, point.state);
      byId[point.id] = point;
    });
    data.byId = byId;
    data.now = now;
    return data;
  }

  function showStatus(element, point) {
    element.textContent = point.statusText;
    element.classList.remove("status--open", "status--closed");
    element.classList.add("status", point.state.open ? "status--open" : "status--closed");
    element.hidden = false;
    element.setAttribute("data-open-computed", "");
  }

  // --- Place resolution (as locations.geo.resolve_place) ---------------------------------------

  function normalize(value) {
    return (value || "").normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase().trim();
  }

  function nameFor(pair) {
    return lang === "sv" && pair[1] ? pair[1] : pair[0];
  }

  function sortedCodes(object) {
    return Object.keys(object).sort();
  }

  function resolve(gaz, query) {
    var text = (query || "").split(/\s+/).join(" ").trim();
    if (!text) return { notFound: query || "", suggestions: [] };
    var match = /(?:^|\D)(\d{5})(?!\d)/.exec(text);
    if (match || /^\d+$/.test(text)) {
      var code = match ? match[1] : null;
      var entry = code && gaz.postcodes[code];
      if (!entry) return { notFound: query, suggestions: postcodeSuggestions(gaz, code || text) };
      return postcodeOrigin(gaz, code, entry);
    }
    var wanted = normalize(text);
    var codes = sortedCodes(gaz.municipalities);
    for (var i = 0; i < codes.length; i++) {
      var m = gaz.municipalities[codes[i]];
      if (normalize(m[0]) === wanted || (m[1] && normalize(m[1]) === wanted)) {
        return { lat: m[2], lon: m[3], label: nameFor(m), municipality: codes[i] };
      }
    }
    var place = gaz.places[wanted];
    if (place) {
      var muni = gaz.municipalities[place[0]];
      var name = nameFor(gaz.names[place[1]]);
      var muniName = nameFor(muni);
      return {
        lat: place.length > 2 ? place[2] : muni[2],
        lon: place.length > 2 ? place[3] : muni[3],
        label: normalize(name) === normalize(muniName) ? name : name + " (" + muniName + ")",
        municipality: place[0],
      };
    }
    // An inflected municipality name ("Tampereella", "Helsingissä", "Åbossa"): the forms are
    // made at build time (locations/place_forms.py), keyed as `normalize` folds a query.
    var formCode = gaz.forms && Object.prototype.hasOwnProperty.call(gaz.forms, wanted)
      ? gaz.forms[wanted]
      : null;
    var byForm = formCode ? gaz.municipalities[formCode] : null;
    if (byForm) {
      return { lat: byForm[2], lon: byForm[3], label: nameFor(byForm), municipality: formCode };
    }
    return { notFound: query, suggestions: nameSuggestions(gaz, wanted) };
  }

  function postcodeOrigin(gaz, code, entry) {
    var muni = gaz.municipalities[entry[0]];
    return {
      lat: entry.length > 2 ? entry[2] : muni[2],
      lon: entry.length > 2 ? entry[3] : muni[3],
      label: code + " " + nameFor(gaz.names[entry[1]]),
      municipality: entry[0],
    };
  }

  function postcodeSuggestions(gaz, digits) {
    var codes = [];
    for (var length = Math.min(3, digits.length); length > 0 && !codes.length; length--) {
      var start = digits.slice(0, length);
      codes = Object.keys(gaz.postcodes).filter(function (code) {
        return code.indexOf(start) === 0;
      });
    }
    var target = parseInt((digits + "00000").slice(0, 5), 10);
    codes.sort(function (a, b) {
      return Math.abs(+a - target) - Math.abs(+b - target) || (a < b ? -1 : 1);
    });
    return codes.slice(0, 5).map(function (code) {
      return code + " " + nameFor(gaz.names[gaz.postcodes[code][1]]);
    });
  }

  function nameSuggestions(gaz, wanted) {
    if (wanted.length < 3) return [];
    var found = [];
    sortedCodes(gaz.municipalities).forEach(function (code) {
      var name = nameFor(gaz.municipalities[code]);
      if (normalize(name).indexOf(wanted) === 0 && found.indexOf(name) < 0) found.push(name);
    });
    Object.keys(gaz.places)
      .sort()
      .forEach(function (key) {
        var name = nameFor(gaz.names[gaz.places[key][1]]);
        if (key.indexOf(wanted) === 0 && found.indexOf(name) < 0) found.push(name);
      });
    return found.slice(0, 5);
  }

  // --- Ranking (as locations.geo.nearest) ------------------------------------------------------

  function haversine(lat1, lon1, lat2, lon2) {
    var rad = Math.PI / 180;
    var p1 = lat1 * rad;
    var p2 = lat2 * rad;
    var dp = p2 - p1;
    var dl = (lon2 - lon1) * rad;
    var a =
      Math.sin(dp / 2) * Math.sin(dp / 2) +
      Math.cos(p1) * Math.cos(p2) * Math.sin(dl / 2) * Math.sin(dl / 2);
    return 2 * 6371.0088 * Math.asin(Math.min(1, Math.sqrt(a)));
  }

  function rank(data, origin, service, openOnly) {
    var found = [];
    data.points.forEach(function (point) {
      var page = data.pages[String(point.page)];
      if (!page) return;
      if (service && page.services.indexOf(service) < 0) return;
      if (openOnly && !point.state.open) return;
      found.push({
        point: point,
        page: page,
        km: haversine(origin.lat, origin.lon, point.lat, point.lon),
        serves: !!origin.municipality && page.serves.indexOf(origin.municipality) >= 0,
      });
    });
    found.sort(function (a, b) {
      return a.serves === b.serves ? a.km - b.km || a.point.id - b.point.id : a.serves ? -1 : 1;
    });
    return found.slice(0, data.limit || 8);
  }

  // --- Rendering ---------------------------------------------------------------------------------

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function kmLabel(labels, km) {
    var value = km < 10 ? km.toFixed(1) : String(Math.round(km));
    if (lang !== "en") value = value.replace(".", ",");
    return format(labels.distance, { distance: format(labels.km, { km: value }) });
  }

  function card(data, result, prefix) {
    var labels = data.labels;
    var point = result.point;
    var item = el("li", "card point-card");
    item.id = prefix + "-" + point.id;
    var body = el("div", "card__body");
    var title = el("h4", "card__title");
    var link = el("a", "", point.name);
    link.href = result.page.url;
    title.appendChild(link);
    body.appendChild(title);
    if (point.name.trim() !== result.page.title.trim()) {
      var meta = el("p", "card__meta");
      meta.appendChild(el("span", "visually-hidden", labels.ohjaamo + ": "));
      meta.appendChild(document.createTextNode(result.page.title));
      body.appendChild(meta);
    }
    if (point.popup) body.appendChild(el("p", "badge", labels.popup));
    var address = el("p", "point-card__address");
    if (point.approximate) {
      address.textContent = point.municipality + " ";
      address.appendChild(el("span", "point-card__note", "(" + labels.approximate + ")"));
    } else {
      address.textContent = point.address;
    }
    body.appendChild(address);
    var status = el("p");
    showStatus(status, point);
    body.appendChild(status);
    body.appendChild(el("p", "point-card__distance", kmLabel(labels, result.km)));
    item.appendChild(body);
    return item;
  }

  function list(data, results, prefix) {
    var ul = el("ul", "card-list point-list");
    results.forEach(function (result) {
      ul.appendChild(card(data, result, prefix));
    });
    return ul;
  }

  function renderResults(data, gaz, origin, filtered, service, openOnly) {
    var labels = data.labels;
    var section = el("section", "finder-results");
    section.setAttribute("aria-labelledby", "finder-results-heading");
    var heading = el(
      "h2",
      "",
      origin.position ? labels.nearest_position : format(labels.results_for, { place: origin.label })
    );
    heading.id = "finder-results-heading";
    heading.tabIndex = -1;
    section.appendChild(heading);
    var results = rank(data, origin, service, openOnly);
    var served = results.filter(function (r) {
      return r.serves;
    });
    var others = results.filter(function (r) {
      return !r.serves;
    });
    var muniName = origin.municipality ? nameFor(gaz.municipalities[origin.municipality]) : "";
    if (served.length) {
      section.appendChild(el("h3", "", format(labels.your_ohjaamo, { municipality: muniName })));
      section.appendChild(list(data, served, "serving"));
    } else if (muniName) {
      section.appendChild(
        el(
          "p",
          "",
          format(labels.not_served, { municipality: muniName }) + ". " + labels.nearest_ones
        )
      );
    }
    if (others.length) {
      if (served.length || muniName) section.appendChild(el("h3", "", labels.others));
      section.appendChild(list(data, others, "nearby"));
    } else if (!served.length) {
      section.appendChild(el("p", "", labels.none));
    }
    section.appendChild(el("p", "finder-results__note", labels.straight));
    return section;
  }

  function renderNotFound(data, answer, action) {
    var labels = data.labels;
    var section = el("section", "notice finder-not-found");
    section.setAttribute("aria-labelledby", "finder-not-found-heading");
    var heading = el("h2", "", format(labels.not_found, { query: answer.notFound }));
    heading.id = "finder-not-found-heading";
    heading.tabIndex = -1;
    section.appendChild(heading);
    section.appendChild(el("p", "", labels.not_found_help));
    if (answer.suggestions.length) {
      var intro = el("p", "", labels.did_you_mean);
      intro.id = "finder-suggestions-label";
      section.appendChild(intro);
      var ul = el("ul", "finder-suggestions");
      ul.setAttribute("aria-labelledby", "finder-suggestions-label");
      answer.suggestions.forEach(function (suggestion) {
        var li = el("li");
        var a = el("a", "", suggestion);
        a.href = action + "?" + new URLSearchParams({ q: suggestion }).toString();
        a.setAttribute("data-static-query", suggestion);
        li.appendChild(a);
        ul.appendChild(li);
      });
      section.appendChild(ul);
    }
    return section;
  }

  // --- Wiring ------------------------------------------------------------------------------------

  pointsPromise
    .then(prepare)
    .then(function (data) {
      statusTargets.forEach(function (element) {
        var point = data.byId[element.getAttribute("data-open-status")];
        if (point) showStatus(element, point);
      });
      Array.prototype.forEach.call(cards, function (item) {
        var point = data.byId[item.id.split("-").pop()];
        var status = item.querySelector(".status");
        if (point && status) showStatus(status, point);
      });
      if (isExport && form) searchInBrowser(data);
    })
    .catch(function () {
      // Without the data the page stays as it was built: the list and the municipality pages.
    });

  function searchInBrowser(data) {
    var action = form.getAttribute("action") || window.location.pathname;
    var current = null;

    function show(params, focus) {
      var q = params.get("q") || "";
      var service = params.get("service") || "";
      var openOnly = params.get("open") === "on";
      var lat = parseFloat(params.get("lat"));
      var lon = parseFloat(params.get("lon"));
      if (form.elements.q) form.elements.q.value = q;
      if (form.elements.service) form.elements.service.value = service;
      if (form.elements.open) form.elements.open.checked = openOnly;
      var position = !isNaN(lat) && !isNaN(lon);
      if (!q && !position) {
        if (current) current.remove();
        current = null;
        return;
      }
      gazetteer().then(function (gaz) {
        var answer = position ? { lat: lat, lon: lon, position: true } : resolve(gaz, q);
        var section =
          answer.notFound !== undefined
            ? renderNotFound(data, answer, action)
            : renderResults(data, gaz, answer, !!(service || openOnly), service, openOnly);
        if (current) current.replaceWith(section);
        else (document.querySelector(".finder-by-municipality") || form).after(section);
        current = section;
        if (focus) section.querySelector("h2").focus();
      });
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var params = new URLSearchParams();
      var q = (form.elements.q.value || "").trim();
      if (q) params.set("q", q);
      if (form.elements.service && form.elements.service.value) {
        params.set("service", form.elements.service.value);
      }
      if (form.elements.open && form.elements.open.checked) params.set("open", "on");
      var search = params.toString();
      window.history.pushState(null, "", action + (search ? "?" + search : ""));
      show(params, true);
    });
    document.addEventListener("click", function (event) {
      var link = event.target.closest && event.target.closest("a[data-static-query]");
      if (!link) return;
      event.preventDefault();
      window.history.pushState(null, "", link.getAttribute("href"));
      show(new URLSearchParams(link.search), true);
    });
    window.addEventListener("popstate", function () {
      show(new URLSearchParams(window.location.search), false);
    });
    show(new URLSearchParams(window.location.search), true);
  }
})();
