// "My mentees" on the mentor's phone: tapping a lesson ticks it off (htmx posts the form and
// swaps in the mentee's card). Each tap gets its own key (a UUID) and the time it was made.
// Without a connection, or while earlier taps still wait, the tap joins the offline queue
// (mentors-queue.js) instead; the queue is sent in order when the connection returns — by the
// service worker (Background Sync, even with the tab closed) and by this page, which is all
// there is in browsers without Background Sync: on the "online" event, at page load, and again
// after 1, 2, 4 … 30 seconds while something waits.
/* global htmx, MentorQueue */
(function () {
  "use strict";

  var root = document.getElementById("my-mentees");
  if (!root) return;
  var list = document.getElementById("mentees");
  var waitingCount = document.getElementById("queue-count");
  var queueStatus = document.getElementById("queue-status");
  var networkStatus = document.getElementById("network-status");
  var refusedStatus = document.getElementById("refused-status");
  var waiting = 0;
  var RETRY_MS = 30000;

  MentorQueue.setToken(root.dataset.csrf);

  function cardOf(residentId) {
    return document.getElementById("mentee-" + residentId);
  }

  function buttonFor(operation) {
    var card = cardOf(operation.resident);
    if (!card) return null;
    var name = operation.kind === "tick" ? "lesson" : "key";
    var value = operation.kind === "tick" ? operation.fields.lesson : operation.fields.key;
    return card.querySelector("button[name='" + name + "'][value='" + value + "']");
  }

  // Show each waiting operation on its button, and how many wait.
  function showQueue() {
    return MentorQueue.all().then(function (operations) {
      waiting = operations.length;
      waitingCount.textContent = String(waiting);
      queueStatus.hidden = waiting === 0;
      root.dataset.waiting = String(waiting);
      list.querySelectorAll("button.is-waiting").forEach(function (button) {
        button.classList.remove("is-waiting");
        button.disabled = false;
      });
      operations.forEach(function (operation) {
        var button = buttonFor(operation);
        if (!button) return;
        button.classList.add("is-waiting");
        button.dataset.waitingLabel = root.dataset.waitingLabel;
        button.disabled = true;
      });
      return MentorQueue.takeRefused();
    }).then(function (refused) {
      if (refused) {
        refusedStatus.hidden = false;
        refusedStatus.querySelector("strong").textContent = String(refused);
      }
    });
  }

  function showNetwork() {
    networkStatus.hidden = navigator.onLine;
  }

  function askForSync() {
    if (!("serviceWorker" in navigator)) return Promise.resolve(false);
    return navigator.serviceWorker.ready.then(function (registration) {
      if (!registration.sync) return false;
      return registration.sync.register(MentorQueue.SYNC_TAG).then(function () { return true; });
    }).catch(function () { return false; });
  }

  function operationOf(form, parameters) {
    var kind = form.dataset.kind;
    var fields = {};
    if (kind === "tick") {
      fields.lesson = String(parameters.get("lesson"));
      fields.key = MentorQueue.newKey();
      fields.ticked_at = new Date().toISOString();
    } else {
      fields.key = String(parameters.get("key"));
      fields.undone_at = new Date().toISOString();
    }
    return {kind: kind, url: form.getAttribute("action"), resident: form.dataset.resident,
      fields: fields};
  }

  // Background Sync sends the queue even if the tab is closed; the page tries too (the Web Lock
  // in the queue lets one of them send at a time).
  function enqueue(operation) {
    return MentorQueue.add(operation).then(showQueue).then(askForSync).then(function () {
      return sendQueue();
    });
  }

  // The server's answer to a queued operation: the mentee's card as it now is (with the reason
  // when it was refused), or, when the person is no longer the mentor's, the list without them.
  function showAnswer(operation, response) {
    if (!response.ok && response.status !== 422) {
      reloadList();
      return Promise.resolve();
    }
    return response.text().then(function (html) {
      var card = cardOf(operation.resident);
      if (card && html) htmx.swap(card, html, {swapStyle: "outerHTML"});
    });
  }

  // A connection that has just come back often fails the first requests: try again soon, then
  // less and less often (1 s, 2 s, 4 s … up to every 30 s) until the queue is empty.
  var sending = null;
  var retryIn = 1000;
  var retryTimer = null;
  function sendQueue() {
    if (sending || !navigator.onLine) return sending || Promise.resolve();
    clearTimeout(retryTimer);
    sending = MentorQueue.flush(showAnswer).then(function (result) {
      sending = null;
      if (result.left && result.stopped !== "signed-out") {
        retryTimer = setTimeout(sendQueue, retryIn);
        retryIn = Math.min(retryIn * 2, RETRY_MS);
      } else {
        retryIn = 1000;
      }
      return showQueue();
    }, function () {
      sending = null;
      return showQueue();
    });
    return sending;
  }

  // Every tap: give it a key and its time; queue it when it cannot go now.
  list.addEventListener("htmx:configRequest", function (event) {
    var form = event.detail.elt.closest("form[data-kind]");
    if (!form) return;
    var operation = operationOf(form, event.detail.formData || new FormData());
    Object.keys(operation.fields).forEach(function (name) {
      event.detail.parameters[name] = operation.fields[name];
    });
    event.detail.elt.mentorOperation = operation;
    if (!navigator.onLine || waiting > 0) {
      event.preventDefault();
      enqueue(operation);
    }
  });

  // The request could not be sent or its answer was lost: queue it with the same key (the
  // server stores a key once, so if it did arrive the replay changes nothing).
  function queueLost(event) {
    var operation = event.detail.elt.mentorOperation;
    if (operation) enqueue(operation);
  }
  list.addEventListener("htmx:sendError", queueLost);
  list.addEventListener("htmx:timeout", queueLost);
  list.addEventListener("htmx:responseError", function () {
    document.getElementById("send-error").hidden = false;
  });

  // A swapped-in card keeps the lists the mentor had opened.
  var opened = {};
  list.addEventListener("htmx:beforeSwap", function (event) {
    var card = event.detail.target;
    if (!card || !card.id) return;
    opened[card.id] = Array.prototype.filter.call(
      card.querySelectorAll("details[data-keep]"), function (details) { return details.open; }
    ).map(function (details) { return details.dataset.keep; });
  });
  document.body.addEventListener("htmx:afterSettle", function () {
    Object.keys(opened).forEach(function (id) {
      var card = document.getElementById(id);
      if (card) {
        opened[id].forEach(function (keep) {
          var details = card.querySelector("details[data-keep='" + keep + "']");
          if (details) details.open = true;
        });
      }
      delete opened[id];
    });
    showQueue();
  });

  function reloadList() {
    htmx.ajax("GET", window.location.pathname, {target: "#mentees", select: "#mentees",
      swap: "outerHTML"});
  }

  window.addEventListener("online", function () { retryIn = 1000; showNetwork(); sendQueue(); });
  window.addEventListener("offline", showNetwork);
  setInterval(function () { if (waiting > 0) sendQueue(); }, RETRY_MS);

  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.addEventListener("message", function (event) {
      var data = event.data || {};
      if (data.type === "page-kept") root.dataset.keptAt = String(Date.now());
      if (data.type === "queue-sent" && data.result.sent + data.result.refused > 0) {
        reloadList();
      }
    });
    navigator.serviceWorker.register(root.dataset.serviceWorker, {scope: root.dataset.scope})
      .catch(function () { root.dataset.offline = "unavailable"; });
    navigator.serviceWorker.ready.then(function () {
      if (navigator.serviceWorker.controller) root.dataset.offline = "ready";
      navigator.serviceWorker.addEventListener("controllerchange", function () {
        root.dataset.offline = "ready";
      });
    });
  }

  showNetwork();
  showQueue().then(sendQueue);
})();
