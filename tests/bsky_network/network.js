#!/usr/bin/env node
// A real local Bluesky network for Unspool's end-to-end tests: PLC, PDS and AppView from
// @atproto/dev-env (TestNetwork), plus a small JSON control API on a loopback HTTP port.
//
// Needs DB_POSTGRES_URL (postgresql://…), DB_POSTGRES_SCHEMA (letters and _ only) and REDIS_HOST
// (host:port). When the network is up it prints ONE line to stdout:
//   {"ready": true, "pds": URL, "pdsDid": DID, "appview": URL, "appviewDid": DID, "plc": URL,
//    "control": URL, "startMs": N}
// and then serves, on `control` (JSON in, JSON out; errors answer 4xx/5xx {"error": "…"}):
//   POST /accounts  {handle, password?, displayName?}   -> {did, handle, password, appPassword}
//   POST /posts     {as, text, replyTo?, langs?, facets?} -> {uri, cid, url, facets}
//        `as` is a handle made by /accounts; `replyTo` the at:// URI of the parent (root and
//        cids are looked up); facets default to those RichText.detectFacets finds (mentions
//        resolved to DIDs, links, tags); pass a list to give them yourself, [] for none.
//   POST /process   {}                                    -> {ok}: every write indexed by the AppView
//   GET  /records?actor=HANDLE_OR_DID                     -> {records: [{uri, cid, value}]} (app.bsky.feed.post, from the PDS)
//   GET  /thread?uri=AT_URI&as=HANDLE[&depth=N]            -> getPostThread read through the PDS with atproto-proxy
//   POST /shutdown  {}                                    -> closes the network and exits
// It stops cleanly on SIGTERM, SIGINT or when its stdin closes. Logs go to stderr.
'use strict'

const http = require('node:http')
const { TestNetwork } = require('@atproto/dev-env')
const { AtpAgent, RichText } = require('@atproto/api')

const log = (...args) => process.stderr.write(`[bsky-network] ${args.join(' ')}\n`)

async function main() {
  const dbPostgresUrl = process.env.DB_POSTGRES_URL
  const dbPostgresSchema = process.env.DB_POSTGRES_SCHEMA || 'unspool_live'
  if (!dbPostgresUrl || !process.env.REDIS_HOST) {
    throw new Error('DB_POSTGRES_URL and REDIS_HOST must be set')
  }
  if (!/^[A-Za-z_]+$/.test(dbPostgresSchema)) {
    throw new Error(`DB_POSTGRES_SCHEMA may only hold letters and _: ${dbPostgresSchema}`)
  }
  const started = Date.now()
  const network = await TestNetwork.create({ dbPostgresUrl, dbPostgresSchema })
  const startMs = Date.now() - started
  const appviewDid = network.bsky.ctx.cfg.serverDid
  const agents = new Map() // handle and did -> logged-in AtpAgent
  const accounts = new Map() // handle and did -> {did, handle, password, appPassword}

  const agentFor = (actor) => {
    const agent = agents.get(actor)
    if (!agent) throw httpError(400, `unknown account ${actor} (create it with POST /accounts)`)
    return agent
  }

  const routes = {
    'POST /accounts': async (body) => {
      const handle = String(body.handle || '').toLowerCase()
      if (!handle) throw httpError(400, 'handle is required')
      const password = body.password || `${handle}-pass`
      const email = `${handle.replace(/[^a-z0-9]/g, '-')}@unspool.test`
      const { data } = await network.pds.getClient().com.atproto.server.createAccount({ handle, email, password })
      const agent = new AtpAgent({ service: network.pds.url })
      await agent.login({ identifier: handle, password })
      agent.configureProxy(`${appviewDid}#bsky_appview`)
      const appPassword = (await agent.com.atproto.server.createAppPassword({ name: 'unspool-e2e' })).data.password
      if (body.displayName) {
        await agent.com.atproto.repo.putRecord({
          repo: data.did,
          collection: 'app.bsky.actor.profile',
          rkey: 'self',
          record: { $type: 'app.bsky.actor.profile', displayName: String(body.displayName) },
        })
      }
      const account = { did: data.did, handle: data.handle, password, appPassword }
      for (const key of [data.did, data.handle]) {
        agents.set(key, agent)
        accounts.set(key, account)
      }
      return account
    },

    'POST /posts': async (body) => {
      const agent = agentFor(body.as)
      const record = { text: String(body.text ?? ''), createdAt: body.createdAt || new Date().toISOString() }
      if (Array.isArray(body.facets)) {
        if (body.facets.length) record.facets = body.facets
      } else {
        const rt = new RichText({ text: record.text })
        await rt.detectFacets(agent)
        // A mention of a handle that does not resolve comes back with an empty DID: leave it plain.
        const facets = (rt.facets || []).filter((f) => f.features.every((feat) => feat.did !== ''))
        if (facets.length) record.facets = facets
      }
      if (body.langs) record.langs = body.langs
      if (body.replyTo) {
        const [repo, collection, rkey] = String(body.replyTo).replace(/^at:\/\//, '').split('/')
        const parent = await agent.com.atproto.repo.getRecord({ repo, collection, rkey })
        const parentRef = { uri: parent.data.uri, cid: parent.data.cid }
        record.reply = { root: parent.data.value.reply?.root ?? parentRef, parent: parentRef }
      }
      const { uri, cid } = await agent.post(record)
      const account = accounts.get(body.as)
      const url = `https://bsky.app/profile/${account.handle}/post/${uri.split('/').pop()}`
      return { uri, cid, url, facets: record.facets ?? [] }
    },

    'POST /process': async () => {
      await network.processAll()
      return { ok: true }
    },

    'GET /records': async (_body, query) => {
      const actor = query.get('actor')
      const account = accounts.get(actor)
      const repo = account ? account.did : actor
      const { data } = await network.pds.getClient().com.atproto.repo.listRecords({
        repo,
        collection: 'app.bsky.feed.post',
        limit: 100,
      })
      return { records: data.records.map((r) => ({ uri: r.uri, cid: r.cid, value: r.value })) }
    },

    'GET /thread': async (_body, query) => {
      const agent = agentFor(query.get('as'))
      const depth = Number(query.get('depth') || 30)
      const { data } = await agent.app.bsky.feed.getPostThread({ uri: query.get('uri'), depth, parentHeight: 1000 })
      return data
    },

    'POST /shutdown': async () => {
      setImmediate(() => stop('shutdown request'))
      return { ok: true }
    },
  }

  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1')
    const route = routes[`${req.method} ${url.pathname}`]
    let raw = ''
    req.setEncoding('utf8')
    req.on('data', (chunk) => (raw += chunk))
    req.on('end', async () => {
      let status = 200
      let payload
      try {
        if (!route) throw httpError(404, `no route ${req.method} ${url.pathname}`)
        payload = await route(raw ? JSON.parse(raw) : {}, url.searchParams)
      } catch (err) {
        status = err.statusCode || err.status || 500
        if (typeof status !== 'number' || status < 400) status = 500
        payload = { error: err.message || String(err), name: err.error || err.name }
        log(`${req.method} ${url.pathname} failed: ${err.stack || err}`)
      }
      const text = JSON.stringify(payload)
      res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) })
      res.end(text)
    })
  })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))

  let stopping = null
  const stop = (why) => {
    if (stopping) return stopping
    log(`stopping (${why})`)
    stopping = (async () => {
      server.close()
      server.closeAllConnections?.()
      try {
        await network.close()
      } catch (err) {
        log(`close failed: ${err.stack || err}`)
      }
      process.exit(0)
    })()
    return stopping
  }
  process.on('SIGTERM', () => stop('SIGTERM'))
  process.on('SIGINT', () => stop('SIGINT'))
  process.stdin.on('end', () => stop('stdin closed'))
  process.stdin.on('error', () => stop('stdin error'))
  process.stdin.resume()

  const ready = {
    ready: true,
    pds: network.pds.url,
    pdsDid: network.pds.ctx.cfg.service.did,
    appview: network.bsky.url,
    appviewDid,
    plc: network.plc.url,
    control: `http://127.0.0.1:${server.address().port}`,
    startMs,
  }
  process.stdout.write(JSON.stringify(ready) + '\n')
  log(`ready in ${startMs} ms`)
}

function httpError(statusCode, message) {
  const err = new Error(message)
  err.statusCode = statusCode
  return err
}

main().catch((err) => {
  log(`failed: ${err.stack || err}`)
  process.exit(1)
})
