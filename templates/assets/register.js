// algoreg register site: progressive enhancement only; every page works without this script.
// - On the index and the search-term page, a search box filters the list as one types (the form's
//   plain submission leads to the search-term page, which lists every word without any script).
// - Before printing, every folded-in part (<details>) is opened so the printout is complete.
(function () {
  "use strict";
  function filterList(form) {
    var input = form.querySelector("input[type=search]");
    var target = document.getElementById(form.getAttribute("data-filter"));
    var status = document.getElementById(form.getAttribute("data-status"));
    if (!input || !target) { return; }
    var items = target.querySelectorAll("[data-search]");
    function apply() {
      var q = input.value.trim().toLowerCase();
      var shown = 0;
      for (var i = 0; i < items.length; i++) {
        var hit = q === "" || items[i].getAttribute("data-search").indexOf(q) !== -1;
        items[i].hidden = !hit;
        if (hit) { shown += 1; }
      }
      if (status) {
        status.textContent = status.getAttribute("data-template").replace("{n}", String(shown));
      }
    }
    input.addEventListener("input", apply);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      apply();
    });
    var q = new URLSearchParams(window.location.search).get("q");
    if (q) {
      input.value = q;
      apply();
    }
  }
  document.addEventListener("DOMContentLoaded", function () {
    var forms = document.querySelectorAll("form[data-filter]");
    for (var i = 0; i < forms.length; i++) { filterList(forms[i]); }
  });
  window.addEventListener("beforeprint", function () {
    var folded = document.querySelectorAll("details");
    for (var i = 0; i < folded.length; i++) { folded[i].open = true; }
  });
})();
