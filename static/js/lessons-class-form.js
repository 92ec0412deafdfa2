// The class form's attendee picker: tick the hamlet's residents, search the ward without
// accents, add a newcomer (date of birth and household asked first) without leaving the page.
// Vanilla JS; the form works without it (the first page of the hamlet's residents is rendered
// by the server). A large hamlet comes a page at a time ("show more"); the search finds anyone;
// the households a newcomer may join are fetched only when one is added.
(function () {
  "use strict";
  var form = document.getElementById("class-form");
  if (!form) return;
  var roster = document.getElementById("roster");
  var results = document.getElementById("search-results");
  var search = document.getElementById("attendee-search");
  var addButton = document.getElementById("add-person");
  var addRow = document.getElementById("add-person-row");
  var panel = document.getElementById("new-person");
  var newName = document.getElementById("new-person-name");
  var newBorn = document.getElementById("new-person-born");
  var newHousehold = document.getElementById("new-person-household");
  var newErrors = document.getElementById("new-person-errors");
  var lookalikes = document.getElementById("lookalikes");
  var lookalikeList = document.getElementById("lookalike-list");
  var count = document.getElementById("attendee-count");
  var status = document.getElementById("picker-status");
  var hamlet = form.querySelector("select[name=hamlet]");
  var csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  var more = document.getElementById("roster-more");
  var moreRow = document.getElementById("roster-more-row");
  var timer = null;
  var lastQuery = "";
  var householdsOf = null;  // the hamlet whose households fill the newcomer's list

  function fold(text) {
    return (text || "").replace(/[đĐ]/g, "d").normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/\s+/g, " ").trim();
  }

  function updateCount() {
    count.textContent = roster.querySelectorAll("input[name=attendees]:checked").length;
  }

  function rosterIds() {
    var ids = {};
    roster.querySelectorAll("input[name=attendees]").forEach(function (box) { ids[box.value] = true; });
    return ids;
  }

  function personItem(person, checked, name) {
    var li = document.createElement("li");
    li.dataset.folded = person.folded || fold(person.name);
    var label = document.createElement("label");
    label.className = "person";
    var box = document.createElement("input");
    box.type = "checkbox";
    box.value = person.id;
    if (name) box.name = name;
    box.checked = !!checked;
    var text = document.createElement("span");
    text.textContent = person.name + (person.hamlet ? " · " + person.hamlet : "");
    label.appendChild(box);
    label.appendChild(document.createTextNode(" "));
    label.appendChild(text);
    li.appendChild(label);
    return li;
  }

  function filterRoster(query) {
    var folded = fold(query);
    roster.querySelectorAll("li").forEach(function (li) {
      li.hidden = folded.length > 0 && li.dataset.folded.indexOf(folded) === -1;
    });
  }

  function showResults(people) {
    results.textContent = "";
    var listed = rosterIds();
    people.filter(function (p) { return !listed[p.id]; }).forEach(function (person) {
      results.appendChild(personItem(person, false, null));
    });
    if (!people.length && lastQuery.length >= 2) status.textContent = form.dataset.msgNone;
    // "Add new" comes after the matches, once the ward has been searched.
    addRow.hidden = lastQuery.length < 2 || !panel.hidden;
  }

  function runSearch() {
    var query = search.value.trim();
    lastQuery = query;
    status.textContent = "";
    filterRoster(query);
    addRow.hidden = true;
    addButton.textContent = form.dataset.msgAdd.replace("{name}", query);
    if (query.length < 2) { results.textContent = ""; return; }
    var url = form.dataset.searchUrl + "?q=" + encodeURIComponent(query);
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
      .then(function (data) { if (query === lastQuery) showResults(data.results); })
      .catch(function () { status.textContent = form.dataset.msgError; });
  }

  function clearSearch() {
    search.value = "";
    lastQuery = "";
    results.textContent = "";
    addRow.hidden = true;
    filterRoster("");
    search.focus();
  }

  // Ticking a search result moves the person onto the register, ticked, and readies the box
  // for the next name.
  results.addEventListener("change", function (event) {
    var li = event.target.closest("li");
    if (!li || !event.target.checked) return;
    event.target.name = "attendees";
    roster.insertBefore(li, roster.firstChild);
    updateCount();
    clearSearch();
  });
  roster.addEventListener("change", updateCount);

  search.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(runSearch, 200);
  });
  search.addEventListener("keydown", function (event) {
    if (event.key === "Enter") { event.preventDefault(); clearTimeout(timer); runSearch(); }
  });

  document.getElementById("tick-all").addEventListener("click", function () {
    roster.querySelectorAll("li:not([hidden]) input[name=attendees]").forEach(function (box) {
      box.checked = true;
    });
    updateCount();
  });
  document.getElementById("untick-all").addEventListener("click", function () {
    roster.querySelectorAll("input[name=attendees]").forEach(function (box) { box.checked = false; });
    updateCount();
  });

  // One key per person being added, kept until the server answers: a tap again after a lost
  // answer resends the same key and gets the person added the first time, not a second one.
  var pendingAdd = null;
  function newKey() {
    if (window.crypto && window.crypto.randomUUID) return window.crypto.randomUUID();
    return Date.now().toString(36) + "-" + Math.random().toString(36).slice(2);
  }

  // Adding a newcomer asks for the date of birth and the household first; the server answers
  // 409 with look-alikes (same name and birth year) until the official says it is someone else.
  function putOnRegister(person) {
    var existing = roster.querySelector("input[name=attendees][value='" + person.id + "']");
    if (existing) {
      existing.checked = true;
    } else {
      roster.insertBefore(personItem(person, true, "attendees"), roster.firstChild);
    }
    updateCount();
    closePanel();
    clearSearch();
  }

  function closePanel() {
    panel.hidden = true;
    lookalikes.hidden = true;
    lookalikeList.textContent = "";
    newErrors.textContent = "";
  }

  function showLookalikes(people) {
    lookalikeList.textContent = "";
    people.forEach(function (person) {
      var li = document.createElement("li");
      var button = document.createElement("button");
      button.type = "button";
      button.className = "secondary lookalike";
      button.textContent = form.dataset.msgTick.replace("{name}", person.name) +
        (person.born ? " · " + person.born : "") + (person.hamlet ? " · " + person.hamlet : "");
      button.addEventListener("click", function () { putOnRegister(person); });
      li.appendChild(button);
      lookalikeList.appendChild(li);
    });
    lookalikes.hidden = false;
  }

  function saveNewPerson(confirmNew) {
    var person = [newName.value.trim(), newBorn.value.trim(), newHousehold.value, hamlet.value,
      confirmNew ? "1" : ""].join("|");
    if (!pendingAdd || pendingAdd.person !== person) {
      pendingAdd = { person: person, key: newKey() };
    }
    var body = new FormData();
    body.append("full_name", newName.value.trim());
    body.append("date_of_birth", newBorn.value.trim());
    body.append("hamlet", hamlet.value);
    body.append("household", newHousehold.value);
    if (confirmNew) body.append("confirm_new", "1");
    newErrors.textContent = "";
    fetch(form.dataset.createUrl, {
      method: "POST", body: body, credentials: "same-origin",
      headers: { "X-CSRFToken": csrf, Accept: "application/json", "Idempotency-Key": pendingAdd.key },
    })
      .then(function (r) {
        return r.json().then(function (data) { return { status: r.status, data: data }; });
      })
      .then(function (answer) {
        pendingAdd = null;  // answered: the next tap is a new attempt
        if (answer.status === 201) { putOnRegister(answer.data); return; }
        if (answer.status === 409) { showLookalikes(answer.data.lookalikes || []); return; }
        var errors = answer.data.errors || {};
        newErrors.textContent = Object.keys(errors).map(function (k) { return errors[k].join(" "); }).join(" ");
      })
      .catch(function () { newErrors.textContent = form.dataset.msgError; });
  }

  function rosterUrl(params) {
    return form.dataset.rosterUrl.replace("/0/", "/" + hamlet.value + "/") + "?" + params;
  }

  function getJson(url) {
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); });
  }

  function loadHouseholds() {
    if (householdsOf === hamlet.value) return;
    var wanted = hamlet.value;
    householdsOf = wanted;
    getJson(rosterUrl("households=1"))
      .then(function (data) { if (hamlet.value === wanted) fillHouseholds(data.households || [], true); })
      .catch(function () { householdsOf = null; newErrors.textContent = form.dataset.msgError; });
  }

  function addPeople(people) {
    var listed = rosterIds();
    people.forEach(function (person) {
      if (!listed[person.id]) roster.appendChild(personItem(person, false, "attendees"));
    });
  }

  function setNext(page) {
    moreRow.hidden = !page;
    if (page) more.dataset.nextPage = page;
  }

  more.addEventListener("click", function () {
    var wanted = hamlet.value;
    more.disabled = true;
    getJson(rosterUrl("page=" + encodeURIComponent(more.dataset.nextPage)))
      .then(function (data) {
        if (hamlet.value !== wanted) return;
        addPeople(data.results);
        setNext(data.next);
        filterRoster(search.value);
      })
      .catch(function () { status.textContent = form.dataset.msgError; })
      .then(function () { more.disabled = false; });
  });

  addButton.addEventListener("click", function () {
    loadHouseholds();
    newName.value = search.value.trim();
    newBorn.value = "";
    closePanel();
    panel.hidden = false;
    addRow.hidden = true;
    newBorn.focus();
  });
  document.getElementById("new-person-save").addEventListener("click", function () { saveNewPerson(false); });
  document.getElementById("new-person-confirm").addEventListener("click", function () { saveNewPerson(true); });
  document.getElementById("new-person-cancel").addEventListener("click", function () {
    closePanel();
    runSearch();
  });

  // ``keep``: the households arrived after the official may already have chosen one (or "a
  // new household"): keep that choice.
  function fillHouseholds(households, keep) {
    var chosen = newHousehold.value;
    var newOption = newHousehold.querySelector("option[data-new-household]");
    newHousehold.querySelectorAll("option").forEach(function (option) {
      if (option.value && option !== newOption) option.remove();
    });
    households.forEach(function (household) {
      var option = document.createElement("option");
      option.value = household.id;
      option.textContent = household.label;
      newHousehold.insertBefore(option, newOption);
    });
    newHousehold.value = keep ? chosen : "";
    if (newHousehold.value !== (keep ? chosen : "")) newHousehold.value = "";
  }

  // A new hamlet brings its own residents (their first page); people already ticked stay on
  // the register.
  hamlet.addEventListener("change", function () {
    var wanted = hamlet.value;
    householdsOf = null;
    fillHouseholds([]);
    getJson(rosterUrl("page=1"))
      .then(function (data) {
        if (hamlet.value !== wanted) return;
        roster.querySelectorAll("li").forEach(function (li) {
          if (!li.querySelector("input").checked) li.remove();
        });
        addPeople(data.results);
        setNext(data.next);
        status.textContent = data.results.length ? "" : form.dataset.msgEmptyHamlet;
        filterRoster(search.value);
        updateCount();
      })
      .catch(function () { status.textContent = form.dataset.msgError; });
  });

  updateCount();
})();
