// The service worker of the mentor's phone page (imported by /mentors/me/sw.js, which sets
// self.MENTOR_OFFLINE = {page, assets, version} and imports idb-keyval and mentors-queue.js).
//
// * The page opens without a connection: it is fetched from the network first and kept; when
//   the network fails the last copy is shown (the queue in IndexedDB then marks what waits).
//   After every tick or undo that reaches the server the kept copy is refreshed.
// * Its CSS and JS are kept at install and served from the cache (refreshed in the background).
// * Background Sync: the page registers a sync when it queues an operation; the browser wakes
//   this worker when the connection returns, even with the tab closed, and the queue is sent.
//   Browsers without Background Sync: the page sends the queue itself (mentors-mentees.js).
/* global MentorQueue */
(function () {
  "use strict";

  var config = self.MENTOR_OFFLINE;
  var CACHE = "literacy-mentor-" + config.version;
  var PAGE = config.page;
  var assets = new Set(config.assets);

  function notify(message) {
    var all = {type: "window", includeUncontrolled: true};
    return self.clients.matchAll(all).then(function (windows) {
      windows.forEach(function (client) { client.postMessage(message); });
    });
  }

  function refreshPage() {
    return fetch(PAGE, {credentials: "same-origin", redirect: "manual", cache: "no-store"})
      .then(function (response) { return keepPage(response); })
      .then(function () { return notify({type: "page-kept"}); })
      .catch(function () { /* offline again: the next answer will refresh it */ });
  }

  // Keep the page only as this mentor saw it; a redirect (signed out) drops the kept copy.
  function keepPage(response) {
    return caches.open(CACHE).then(function (cache) {
      if (response.ok && response.type === "basic" && !response.redirected) {
        return cache.put(PAGE, response.clone());
      }
      if (response.type === "opaqueredirect" || response.redirected || response.status === 403) {
        return cache.delete(PAGE);
      }
      return null;
    });
  }

  self.addEventListener("install", function (event) {
    event.waitUntil(
      caches.open(CACHE)
        .then(function (cache) { return cache.addAll(Array.from(assets)); })
        .then(refreshPage)
        .then(function () { return self.skipWaiting(); })
    );
  });

  self.addEventListener("activate", function (event) {
    event.waitUntil(
      caches.keys().then(function (names) {
        return Promise.all(names.filter(function (name) {
          return name.indexOf("literacy-mentor-") === 0 && name !== CACHE;
        }).map(function (name) { return caches.delete(name); }));
      }).then(function () { return self.clients.claim(); })
    );
  });

  function pageFromNetwork(request) {
    return fetch(request).then(function (response) {
      return keepPage(response).then(function () { return response; });
    }, function () {
      return caches.open(CACHE).then(function (cache) {
        return cache.match(PAGE).then(function (kept) {
          return kept || Response.error();
        });
      });
    });
  }

  function assetFromCache(event) {
    var request = event.request;
    return caches.open(CACHE).then(function (cache) {
      return cache.match(request).then(function (kept) {
        var fresh = fetch(request).then(function (response) {
          if (response.ok) return cache.put(request, response.clone()).then(function () {
            return response;
          });
          return response;
        });
        if (kept) {
          event.waitUntil(fresh.catch(function () { return null; }));
          return kept;
        }
        return fresh;
      });
    });
  }

  function sendThenRefresh(event) {
    return fetch(event.request).then(function (response) {
      if (response.ok) event.waitUntil(refreshPage());
      return response;
    });
  }

  self.addEventListener("fetch", function (event) {
    var request = event.request;
    var url = new URL(request.url);
    if (url.origin !== self.location.origin) return;
    if (request.method === "GET" && url.pathname === PAGE) {
      event.respondWith(pageFromNetwork(request));
    } else if (request.method === "GET" && assets.has(url.pathname)) {
      event.respondWith(assetFromCache(event));
    } else if (request.method === "POST" && url.pathname.indexOf(PAGE) === 0) {
      event.respondWith(sendThenRefresh(event));
    }
  });

  function sendQueue() {
    return MentorQueue.flush().then(function (result) {
      var done = result.sent + result.refused > 0;
      return (done ? refreshPage() : Promise.resolve()).then(function () {
        return notify({type: "queue-sent", result: result});
      }).then(function () {
        // A rejected promise asks the browser to try this sync again later.
        if (result.left) throw new Error("ticks still waiting: " + result.stopped);
      });
    });
  }

  self.addEventListener("sync", function (event) {
    if (event.tag === MentorQueue.SYNC_TAG) event.waitUntil(sendQueue());
  });

  self.addEventListener("message", function (event) {
    if (event.data && event.data.type === "send-queue") {
      event.waitUntil(sendQueue().catch(function () { return null; }));
    }
  });
})();
