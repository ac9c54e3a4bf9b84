// The Ohjaamo finder: progressive enhancement of a page that works without JavaScript.
//
// - After a search, focus moves to the results (or to the "not found" message).
// - "Use my location": the browser's position goes into one GET request to this page and
//   nowhere else (rounded to about 100 m; never stored by this script).
// - "Show map": only after the visitor asks for it are Leaflet (served from this site) and the
//   map tiles (from the tile server) loaded; the choice is remembered for this browser session
//   (sessionStorage). Until then nothing is requested from another host.
(function () {
  "use strict";

  // --- Focus the answer after a search -------------------------------------------------------
  var answer = document.querySelector("[data-finder-focus] [tabindex='-1']");
  if (answer) answer.focus();

  // --- Use my location -------------------------------------------------------------------------
  var form = document.querySelector("[data-finder-form]");
  var locate = document.querySelector("[data-finder-locate]");
  if (form && locate && "geolocation" in navigator) {
    var locateButton = locate.querySelector("button");
    var locateStatus = locate.querySelector("[role='status']");
    locate.hidden = false;
    locateButton.addEventListener("click", function () {
      locateButton.disabled = true;
      locateStatus.textContent = locate.getAttribute("data-locating");
      navigator.geolocation.getCurrentPosition(
        function (position) {
          var params = new URLSearchParams();
          var service = form.elements.service && form.elements.service.value;
          if (service) params.set("service", service);
          if (form.elements.open && form.elements.open.checked) params.set("open", "on");
          params.set("lat", position.coords.latitude.toFixed(3));
          params.set("lon", position.coords.longitude.toFixed(3));
          window.location.assign(form.getAttribute("action") + "?" + params.toString());
        },
        function (error) {
          locateButton.disabled = false;
          locateStatus.textContent = locate.getAttribute(
            error.code === error.PERMISSION_DENIED ? "data-denied" : "data-failed"
          );
        },
        { enableHighAccuracy: false, timeout: 15000, maximumAge: 300000 }
      );
    });
  }

  // --- The map -------------------------------------------------------------------------------------
  var section = document.querySelector("[data-finder-map]");
  var dataElement = document.getElementById("finder-points");
  if (!section || !dataElement) return;
  var CONSENT_KEY = "kohtaamo.finder.map";
  var toggle = section.querySelector(".finder-map__toggle");
  var canvas = document.getElementById("finder-map");
  var mapStatus = section.querySelector(".finder-map__status");
  var label = function (name) {
    return section.getAttribute("data-label-" + name) || "";
  };
  var map = null;
  var loading = null;
  section.hidden = false;

  function storage(action, value) {
    try {
      if (action === "get") return window.sessionStorage.getItem(CONSENT_KEY);
      if (action === "set") window.sessionStorage.setItem(CONSENT_KEY, value);
      if (action === "remove") window.sessionStorage.removeItem(CONSENT_KEY);
    } catch (e) {
      // Storage may be disabled: the map then simply is not remembered.
    }
    return null;
  }

  function loadStyle(href) {
    return new Promise(function (resolve, reject) {
      var link = document.createElement("link");
      link.rel = "stylesheet";
      link.href = href;
      link.onload = resolve;
      link.onerror = reject;
      document.head.appendChild(link);
    });
  }

  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = src;
      script.onload = resolve;
      script.onerror = reject;
      document.head.appendChild(script);
    });
  }

  function loadLibraries() {
    if (!loading) {
      loading = Promise.all([
        loadStyle(section.getAttribute("data-leaflet-css")),
        loadStyle(section.getAttribute("data-cluster-css")),
        loadStyle(section.getAttribute("data-cluster-default-css")),
        loadScript(section.getAttribute("data-leaflet-js")).then(function () {
          return loadScript(section.getAttribute("data-cluster-js"));
        }),
      ]);
    }
    return loading;
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  // The point's card in the marker's popup (built with textContent: no HTML from data).
  function card(point) {
    var node = element("div", "map-card");
    node.appendChild(element("p", "map-card__title", point.name));
    if (point.ohjaamo) node.appendChild(element("p", "map-card__meta", point.ohjaamo));
    if (point.dates) node.appendChild(element("p", "map-card__meta", point.dates));
    if (point.address) node.appendChild(element("p", "map-card__address", point.address));
    if (point.approximate) node.appendChild(element("p", "map-card__note", label("approximate")));
    node.appendChild(element("p", "status status--" + point.state, point.status));
    var link = element("a", "map-card__link", label("page"));
    link.href = point.url;
    node.appendChild(link);
    return node;
  }

  function markerIcon(point) {
    var html = element("span", "visually-hidden", point.name);
    return window.L.divIcon({
      className: "finder-marker finder-marker--" + point.state,
      html: html,
      iconSize: [26, 26],
      iconAnchor: [13, 13],
      popupAnchor: [0, -12],
    });
  }

  function clusterIcon(cluster) {
    var count = cluster.getChildCount();
    var html = element("span", "finder-cluster__count");
    html.appendChild(element("span", "", String(count))).setAttribute("aria-hidden", "true");
    html.appendChild(
      element("span", "visually-hidden", label("cluster").replace("{count}", count))
    );
    return window.L.divIcon({
      className: "finder-cluster",
      html: html,
      iconSize: [40, 40],
    });
  }

  function createMap() {
    var L = window.L;
    var points = JSON.parse(dataElement.textContent);
    map = L.map(canvas, { zoomControl: false, scrollWheelZoom: false });
    L.control
      .zoom({ zoomInTitle: label("zoom-in"), zoomOutTitle: label("zoom-out") })
      .addTo(map);
    L.tileLayer(section.getAttribute("data-tiles"), {
      maxZoom: 18,
      attribution: section.getAttribute("data-attribution"),
    }).addTo(map);
    var group = L.markerClusterGroup({
      iconCreateFunction: clusterIcon,
      showCoverageOnHover: false,
      maxClusterRadius: 40,
    });
    var bounds = [];
    points.forEach(function (point) {
      var marker = L.marker([point.lat, point.lon], {
        icon: markerIcon(point),
        title: point.name,
        keyboard: true,
      });
      // Keep the opened card clear of the zoom buttons (top left) on a narrow map: the map pans
      // so that the card starts right of them, and the card (with its padding) fits in the map.
      marker.bindPopup(card(point), {
        autoPanPaddingTopLeft: L.point(56, 12),
        autoPanPaddingBottomRight: L.point(12, 12),
        maxWidth: Math.max(140, canvas.clientWidth - 120),
      });
      group.addLayer(marker);
      bounds.push([point.lat, point.lon]);
    });
    map.addLayer(group);
    if (bounds.length) {
      map.fitBounds(bounds, { padding: [24, 24], maxZoom: 13 });
    } else {
      map.setView([64.5, 26.0], 5);
    }
    map.on("popupopen", function (event) {
      var close = event.popup.getElement().querySelector(".leaflet-popup-close-button");
      if (close) {
        close.setAttribute("aria-label", label("close"));
        close.setAttribute("title", label("close"));
      }
      var link = event.popup.getElement().querySelector(".map-card__link");
      if (link) link.focus();
    });
  }

  function show(remember) {
    canvas.hidden = false;
    toggle.setAttribute("aria-expanded", "true");
    toggle.textContent = label("hide");
    if (remember) storage("set", "shown");
    loadLibraries().then(
      function () {
        if (!map) createMap();
        else map.invalidateSize();
        mapStatus.textContent = "";
      },
      function () {
        mapStatus.textContent = label("failed");
      }
    );
  }

  function hide() {
    canvas.hidden = true;
    toggle.setAttribute("aria-expanded", "false");
    toggle.textContent = label("show");
    storage("remove");
  }

  toggle.addEventListener("click", function () {
    if (toggle.getAttribute("aria-expanded") === "true") hide();
    else show(true);
  });

  if (storage("get") === "shown") show(false);
})();
