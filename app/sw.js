// Afterloop's service worker: the app opens with no signal.
//
// - The app shell (page, script, wasm, styles, and the chunks of the pages
//   loaded when first shown) is cached at install, under a
//   cache named for this build; `cargo xtask build` writes the version below,
//   so each build installs afresh and the old shell is dropped on activation.
// - Navigations to the app's paths get the cached page of their bundle
//   (back office `/`, field app `/jobs`); the app routes on the client.
// - GET /api/v1/* goes to the network first; what it answers is kept, and
//   served back when the network fails, so the jobs a technician opened stay
//   readable offline. Such an answer carries `X-Afterloop-Offline: 1`.
// - Writes (POST) are never touched here: the app keeps them in its outbox
//   (IndexedDB) and sends them itself, once, when the signal returns.
const VERSION = "__VERSION__";
const SHELL_CACHE = `afterloop-shell-${VERSION}`;
const API_CACHE = "afterloop-api";
// The chunks the back office and the field app fetch when a page is first
// shown (the job page, the case page…): `cargo xtask build` writes the list.
const CHUNKS = [/*__CHUNKS__*/];
const SHELL = [
  "/",
  "/afterloop_app.js",
  "/afterloop_app_bg.wasm",
  "/jobs",
  "/field.js",
  "/field_bg.wasm",
  "/style.css",
  ...CHUNKS,
];

// The page of each bundle the app's paths load; other paths (the
// customer's pages) are not the app's and go to the network.
function shellFor(path) {
  if (path === "/jobs" || path.startsWith("/jobs/")) return "/jobs";
  if (path === "/" || path === "/signin" || path === "/admin" || path.startsWith("/cases/")) return "/";
  return null;
}

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(SHELL_CACHE).then((cache) => cache.addAll(SHELL)).then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(
          names
            .filter((n) => n.startsWith("afterloop-shell-") && n !== SHELL_CACHE)
            .map((n) => caches.delete(n)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.startsWith("/api/v1/")) {
    event.respondWith(networkFirst(request));
  } else if (request.mode === "navigate" && shellFor(url.pathname)) {
    event.respondWith(shellPage(request, shellFor(url.pathname)));
  } else if (SHELL.includes(url.pathname)) {
    event.respondWith(
      caches.match(request, { cacheName: SHELL_CACHE }).then((hit) => hit || fetch(request)),
    );
  }
});

async function shellPage(request, page) {
  const cached = await caches.match(page, { cacheName: SHELL_CACHE });
  if (cached) return cached;
  return fetch(request);
}

async function networkFirst(request) {
  const cache = await caches.open(API_CACHE);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(request, response.clone());
    return response;
  } catch (error) {
    const hit = await cache.match(request, { ignoreVary: true });
    if (!hit) throw error;
    const headers = new Headers(hit.headers);
    headers.set("X-Afterloop-Offline", "1");
    return new Response(hit.body, { status: hit.status, statusText: hit.statusText, headers });
  }
}
