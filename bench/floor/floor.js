// The platform floor of each hot path: the same KV gets, lists and puts and
// the same Durable Object hops as Afterloop's worker, and nothing else (no
// parsing into domain types, no rules, no JSON reshaping). Parameters name
// the keys, so both workers touch the very same data.
//
//   GET  /read?case=ID                     session get, case get
//   GET  /timeline?case=ID                 session get, case get, bulk get of its events
//   GET  /queue?prefix=P&limit=N           session get, list P with metadata
//   GET  /track?token=K                    token get, case get, bulk get of its events
//   POST /append?case=K&puts=N&bytes=B     session get, case object: SQL insert
//                                          then N KV puts of ~B bytes
//   POST /create?puts=N&bytes=B            session get, counter object, case
//                                          object: SQL insert, N KV puts

async function session(req, env) {
  const token = (req.headers.get("authorization") || "").replace(/^Bearer /, "");
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(token));
  const hex = [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
  const s = await env.KV.get("session/" + hex);
  if (s === null) throw new Response("signed out", { status: 401 });
  return s;
}

// A case's events by key, up to the snapshot's version (as ours reads them).
async function timeline(env, id, snapshot) {
  const version = snapshot === null ? 0 : JSON.parse(snapshot).version;
  const keys = [];
  for (let seq = 1; seq <= version; seq++) keys.push(`ev/${id}/${String(seq).padStart(6, "0")}`);
  const out = [];
  for (let i = 0; i < keys.length; i += 100) {
    const got = await env.KV.get(keys.slice(i, i + 100), "text");
    out.push(...got.values());
  }
  return out;
}

async function writeCase(env, url, body) {
  const id = env.CASE.idFromName(url.searchParams.get("case") || crypto.randomUUID());
  const resp = await env.CASE.get(id).fetch("https://floor/write" + url.search, { method: "POST", body });
  return new Response(await resp.text(), { status: resp.status });
}

export default {
  async fetch(req, env) {
    const url = new URL(req.url);
    const q = (k) => url.searchParams.get(k);
    try {
      switch (url.pathname) {
        case "/read": {
          await session(req, env);
          return new Response(await env.KV.get("case/" + q("case")));
        }
        case "/timeline": {
          await session(req, env);
          const c = await env.KV.get("case/" + q("case"));
          const events = await timeline(env, q("case"), c);
          return new Response(`{"case":${c},"events":[${events.join(",")}]}`);
        }
        case "/queue": {
          await session(req, env);
          const list = await env.KV.list({ prefix: q("prefix"), limit: +q("limit") });
          return Response.json(list.keys.map((k) => k.metadata));
        }
        case "/track": {
          const id = await env.KV.get(q("token"));
          const c = await env.KV.get("case/" + id);
          const events = await timeline(env, id, c);
          return new Response(`{"case":${c},"events":[${events.join(",")}]}`);
        }
        case "/append": {
          await session(req, env);
          return writeCase(env, url, await req.text());
        }
        case "/create": {
          await session(req, env);
          const counter = env.COUNTER.get(env.COUNTER.idFromName("cases"));
          const n = await (await counter.fetch("https://floor/next", { method: "POST" })).text();
          url.searchParams.set("case", "floor-" + n);
          return writeCase(env, url, await req.text());
        }
      }
      return new Response("not found", { status: 404 });
    } catch (e) {
      if (e instanceof Response) return e;
      return new Response(String(e), { status: 500 });
    }
  },
};

export class FloorCase {
  constructor(ctx, env) {
    this.ctx = ctx;
    this.env = env;
    ctx.storage.sql.exec("CREATE TABLE IF NOT EXISTS events (seq INTEGER PRIMARY KEY, body TEXT)");
  }
  async fetch(req) {
    const url = new URL(req.url);
    const body = await req.text();
    this.ctx.storage.sql.exec("INSERT INTO events (body) VALUES (?)", body);
    const puts = +url.searchParams.get("puts");
    const value = "x".repeat(+url.searchParams.get("bytes"));
    const name = url.searchParams.get("case") || "floor";
    const writes = [];
    for (let i = 0; i < puts; i++) writes.push(this.env.KV.put(`floor/${name}/${i}`, value));
    await Promise.all(writes);
    return new Response(body);
  }
}

export class FloorCounter {
  constructor(ctx) {
    this.ctx = ctx;
    ctx.storage.sql.exec("CREATE TABLE IF NOT EXISTS counter (n INTEGER)");
  }
  async fetch() {
    const row = [...this.ctx.storage.sql.exec("SELECT n FROM counter")][0];
    const n = (row ? row.n : 0) + 1;
    if (row) this.ctx.storage.sql.exec("UPDATE counter SET n = ?", n);
    else this.ctx.storage.sql.exec("INSERT INTO counter (n) VALUES (?)", n);
    return new Response(String(n));
  }
}
