// The mentor's offline queue: ticks and undos made without a connection, kept in IndexedDB
// (through idb-keyval) so they survive a reload or a closed tab, and sent in the order they were
// made. Loaded by the phone page (mentors-mentees.js) and by its service worker
// (mentors-sw.js, through importScripts): both may send, one at a time (a Web Lock).
//
// An operation is {kind: "tick"|"undo", url, resident, lesson, fields: {key, ticked_at |
// undone_at, lesson}}: the key is the UUID the phone made at the tap, the time is when the
// mentor tapped (not when it arrives). The server stores a key once, so a replay of an
// operation that did arrive (its answer was lost) changes nothing.
(function (root) {
  "use strict";

  var kv = root.idbKeyval;
  var queue = kv.createStore("literacy-mentor-queue", "operations");
  var meta = kv.createStore("literacy-mentor-meta", "values");
  var LOCK = "literacy-mentor-queue";
  // Answers that say "no" for good (a bad request, no longer your mentee, more than 24 hours
  // to undo): sending again cannot help, so the operation leaves the queue and the page says so.
  var REFUSED_FOR_GOOD = [400, 404, 409, 410, 422];
  var sequence = 0;

  function withLock(work) {
    var locks = root.navigator && root.navigator.locks;
    return locks ? locks.request(LOCK, work) : work();
  }

  function newKey() {
    if (root.crypto && root.crypto.randomUUID) return root.crypto.randomUUID();
    var bytes = root.crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) {
      return (b + 0x100).toString(16).slice(1);
    }).join("");
    return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20),
      hex.slice(20)].join("-");
  }

  // IndexedDB keeps keys sorted: [time made, sequence] is the order the mentor tapped.
  function add(operation) {
    return kv.set([Date.now(), sequence++], operation, queue);
  }

  function all() {
    return kv.values(queue);
  }

  function count() {
    return kv.keys(queue).then(function (keys) { return keys.length; });
  }

  function setToken(token) {
    return kv.set("csrf", token, meta);
  }

  function noteRefused(number) {
    return kv.update("refused", function (old) { return (old || 0) + number; }, meta);
  }

  // How many operations the server refused since the page last said so (then reset).
  function takeRefused() {
    return kv.get("refused", meta).then(function (number) {
      return kv.del("refused", meta).then(function () { return number || 0; });
    });
  }

  function send(operation, token) {
    return fetch(operation.url, {
      method: "POST",
      body: new URLSearchParams(operation.fields),
      credentials: "same-origin",
      redirect: "manual",
      headers: {"X-CSRFToken": token || "", "HX-Request": "true", "X-Queued-Tick": "1"}
    });
  }

  // Send every waiting operation, oldest first; stop at the first that cannot go now (no
  // network, signed out, server error) so that none overtakes another.
  // ``onAnswer(operation, response)`` sees each answer (the page swaps in the mentee's card).
  // Resolves to {sent, refused, left, stopped: "" | "offline" | "signed-out" | "server"}.
  function flush(onAnswer) {
    return withLock(function () {
      return Promise.all([kv.entries(queue), kv.get("csrf", meta)]).then(function (loaded) {
        var rows = loaded[0];
        var token = loaded[1];
        var result = {sent: 0, refused: 0, left: rows.length, stopped: ""};
        function next(index) {
          if (index >= rows.length) return Promise.resolve(result);
          var id = rows[index][0];
          var operation = rows[index][1];
          return send(operation, token).then(function (response) {
            var refused = REFUSED_FOR_GOOD.indexOf(response.status) >= 0;
            if (!response.ok && !refused) {
              result.stopped = response.type === "opaqueredirect" || response.status === 403
                ? "signed-out" : "server";
              return result;
            }
            return kv.del(id, queue).then(function () {
              result.left -= 1;
              if (refused) result.refused += 1; else result.sent += 1;
              return refused ? noteRefused(1) : null;
            }).then(function () {
              return onAnswer ? onAnswer(operation, response) : null;
            }).then(function () { return next(index + 1); });
          }, function () {
            result.stopped = "offline";
            return result;
          });
        }
        return next(0);
      });
    });
  }

  root.MentorQueue = {
    add: add, all: all, count: count, flush: flush, newKey: newKey,
    setToken: setToken, takeRefused: takeRefused, SYNC_TAG: "literacy-mentor-ticks"
  };
})(self);
