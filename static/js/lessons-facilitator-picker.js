// The class form's facilitator picker: the ticked facilitators are listed (the server renders
// them), and a search by name (without accents) finds any other official or mentor of the ward;
// ticking a match moves it into the list, so a new search keeps it. A large ward has thousands
// of mentors: they are never all sent to the tablet. Vanilla JS.
(function () {
  "use strict";
  var picker = document.getElementById("facilitator-picker");
  if (!picker) return;
  var list = document.getElementById("facilitator-list");
  var search = document.getElementById("facilitator-search");
  var results = document.getElementById("facilitator-results");
  var status = document.getElementById("facilitator-status");
  var form = document.getElementById("class-form");
  var timer = null;
  var asked = 0;

  function listed() {
    var ids = {};
    list.querySelectorAll("input[name=facilitators]").forEach(function (box) { ids[box.value] = true; });
    return ids;
  }

  function choice(person) {
    var label = document.createElement("label");
    label.className = "big-check";
    var box = document.createElement("input");
    box.type = "checkbox";
    box.name = "facilitators";
    box.value = person.id;
    var text = document.createElement("span");
    text.textContent = person.name;
    label.appendChild(box);
    label.appendChild(document.createTextNode(" "));
    label.appendChild(text);
    box.addEventListener("change", function () {
      if (box.checked && label.parentNode === results) list.appendChild(label);
    });
    return label;
  }

  function show(people) {
    results.textContent = "";
    var ids = listed();
    var fresh = people.filter(function (p) { return !ids[p.id]; });
    fresh.forEach(function (person) { results.appendChild(choice(person)); });
    status.textContent = fresh.length ? "" : results.dataset.msgNone;
  }

  function find(query) {
    var mine = ++asked;
    var url = picker.dataset.searchUrl + "?q=" + encodeURIComponent(query);
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .then(function (data) { if (mine === asked) show(data.results); })
      .catch(function () { if (mine === asked) status.textContent = form.dataset.msgError; });
  }

  search.addEventListener("input", function () {
    clearTimeout(timer);
    var query = search.value.trim();
    if (query.length < 2) {
      asked++;
      results.textContent = "";
      status.textContent = "";
      return;
    }
    timer = setTimeout(function () { find(query); }, 250);
  });
  // Enter in the search box searches; it must not submit the class.
  search.addEventListener("keydown", function (event) {
    if (event.key === "Enter") {
      event.preventDefault();
      clearTimeout(timer);
      if (search.value.trim().length >= 2) find(search.value.trim());
    }
  });
})();
