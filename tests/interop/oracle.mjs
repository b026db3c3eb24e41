#!/usr/bin/env node
// authlab interop oracle: runs the REAL next-auth@4.24.15 (v4) and
// @auth/core@0.41.3 (v5) packages so the Rust tests can compare against them.
//
// Protocol: read ONE JSON array of requests from stdin, write ONE JSON array of
// responses (same order, same length) to stdout, exit 0. Nothing else is ever
// written to stdout: every console method is redirected to stderr.
// See README.md in this directory for the request/response shapes.

import { Console } from "node:console";
import { realpathSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

// ---------------------------------------------------------------------------
// stdout hygiene: the libraries log through `console` (getToken's default
// logger, SessionStore's logger, ...). Send all of it to stderr.
const errConsole = new Console({ stdout: process.stderr, stderr: process.stderr });
for (const m of ["log", "info", "warn", "error", "debug", "trace", "dir", "table"]) {
  console[m] = errConsole[m].bind(errConsole);
}

// Deterministic environment: the libraries read these as defaults
// (v4 getToken: NEXTAUTH_URL/VERCEL -> secureCookie, NEXTAUTH_SECRET/AUTH_SECRET -> secret).
// The fixtures were generated with all of them unset.
for (const k of ["NEXTAUTH_URL", "NEXTAUTH_SECRET", "AUTH_SECRET", "AUTH_URL", "VERCEL", "AUTH_TRUST_HOST"]) {
  delete process.env[k];
}

// ---------------------------------------------------------------------------
// Library loading.
const require = createRequire(import.meta.url);

// v4: next-auth is CommonJS. Its "exports" map blocks `next-auth/core/lib/cookie`,
// so resolve the public `next-auth/jwt` entry and load the sibling file by path.
const v4JwtPath = require.resolve("next-auth/jwt"); // .../node_modules/next-auth/jwt/index.js
const v4Jwt = require(v4JwtPath);
const v4CookiePath = fileURLToPath(new URL("../core/lib/cookie.js", `file://${v4JwtPath}`));
const { SessionStore: V4SessionStore } = require(v4CookiePath);
// The `cookie` package exactly as next-auth resolves it (its own dependency).
const v4Require = createRequire(v4JwtPath);
const cookieLib = v4Require("cookie");

// v5: @auth/core is ESM. Its "exports" map blocks `@auth/core/lib/utils/cookie`,
// so resolve the public `@auth/core/jwt` entry and import the sibling file by URL
// (same module instance that jwt.js itself imports).
const v5JwtUrl = import.meta.resolve("@auth/core/jwt"); // file:///.../@auth/core/jwt.js
const v5Jwt = await import(v5JwtUrl);
const v5CookieUrl = new URL("./lib/utils/cookie.js", v5JwtUrl).href;
const { SessionStore: V5SessionStore } = await import(v5CookieUrl);

export const LIBS = {
  v4: { jwt: v4Jwt, SessionStore: V4SessionStore, sessionStorePath: v4CookiePath },
  v5: { jwt: v5Jwt, SessionStore: V5SessionStore, sessionStorePath: fileURLToPath(v5CookieUrl) },
};

// ---------------------------------------------------------------------------
// Clock pinning: replace globalThis.Date so that `Date.now()` and `new Date()`
// (no arguments) return `now` seconds. Instances are real Dates (shared
// prototype), so `instanceof Date` keeps working with either constructor.
const RealDate = globalThis.Date;

function makePinnedDate(ms) {
  function PinnedDate(...args) {
    if (!new.target) return new RealDate(ms).toString(); // `Date()` called as a function
    return Reflect.construct(RealDate, args.length === 0 ? [ms] : args, new.target);
  }
  Object.setPrototypeOf(PinnedDate, RealDate); // inherit Date.UTC, Date.parse
  PinnedDate.prototype = RealDate.prototype;
  PinnedDate.now = () => ms;
  return PinnedDate;
}

async function withPinnedClock(now, fn) {
  if (now === null || now === undefined) return await fn();
  if (typeof now !== "number" || !Number.isFinite(now)) {
    throw new TypeError(`"now" must be a number of Unix seconds, got ${JSON.stringify(now)}`);
  }
  globalThis.Date = makePinnedDate(now * 1000);
  try {
    return await fn();
  } finally {
    globalThis.Date = RealDate;
  }
}

// ---------------------------------------------------------------------------
// Helpers.
const logger = {
  debug: (...a) => console.debug(...a),
  warn: (...a) => console.warn(...a),
  error: (...a) => console.error(...a),
  info: (...a) => console.info(...a),
  log: (...a) => console.log(...a),
};

function lib(version) {
  const l = LIBS[version];
  if (!l) throw new TypeError(`unknown version ${JSON.stringify(version)} (expected "v4" or "v5")`);
  return l;
}

// Drop keys whose value is null/undefined so the library's own defaults apply
// (a destructuring default only kicks in for `undefined`).
function defined(obj) {
  const out = {};
  for (const [k, v] of Object.entries(obj)) if (v !== null && v !== undefined) out[k] = v;
  return out;
}

function serializeError(err) {
  if (err === null || typeof err !== "object") {
    return { name: typeof err, message: String(err) };
  }
  const out = {
    name: typeof err.name === "string" ? err.name : "Error",
    message: typeof err.message === "string" ? err.message : String(err),
  };
  // jose errors carry code (ERR_...), JWTExpired/JWTClaimValidationFailed carry
  // claim + reason; @auth/core errors carry type. Include when present.
  for (const k of ["code", "claim", "reason", "type"]) {
    if (typeof err[k] === "string") out[k] = err[k];
  }
  return out;
}

// ---------------------------------------------------------------------------
// Operations.
// v4: a null salt is omitted (library default ""). v5: salt is passed as given
// (null -> undefined, which @auth/core rejects: `"salt"" must be ...`).
function decodeParams(req, token) {
  return req.version === "v4"
    ? defined({ token, secret: req.secret, salt: req.salt })
    : { ...defined({ token, secret: req.secret }), salt: req.salt ?? undefined };
}

async function opDecode(req) {
  const { jwt } = lib(req.version);
  const payload = await jwt.decode(decodeParams(req, req.token));
  return { ok: true, payload: payload ?? null };
}

async function opEncode(req) {
  const { jwt } = lib(req.version);
  const params = {
    token: req.payload ?? {},
    ...defined({ secret: req.secret, salt: req.salt, maxAge: req.maxAge }),
  };
  const token = await jwt.encode(params);
  return { ok: true, token };
}

async function opGetToken(req) {
  const { jwt } = lib(req.version);
  const cookie = req.cookie ?? null;
  const authorization = req.authorization ?? null;
  let httpReq;
  if (req.version === "v4") {
    // v4 getToken reads req.cookies only (a parsed object, as Next.js provides).
    httpReq = {
      cookies: cookie === null ? {} : cookieLib.parse(cookie),
      headers: defined({ authorization }),
    };
  } else {
    // v5 getToken reads the Cookie header only; a plain object is wrapped in Headers.
    httpReq = { headers: defined({ cookie, authorization }) };
  }
  const params = {
    req: httpReq,
    logger,
    ...defined({
      secret: req.secret,
      secureCookie: req.secureCookie,
      cookieName: req.cookieName, // optional extension
      raw: req.raw, // optional extension
    }),
  };
  const result = await jwt.getToken(params);
  if (req.raw) return { ok: true, token: result ?? null };
  return { ok: true, payload: result ?? null };
}

async function opChunk(req) {
  const { SessionStore } = lib(req.version);
  if (typeof req.name !== "string") throw new TypeError(`"name" must be a string`);
  if (typeof req.value !== "string") throw new TypeError(`"value" must be a string`);
  const option = {
    name: req.name,
    options: { httpOnly: true, sameSite: "lax", path: "/", secure: req.name.startsWith("__Secure-") },
  };
  // Empty request cookie set. v4's constructor takes a request-like { cookies, headers },
  // v5's takes a record of parsed cookies.
  const store =
    req.version === "v4"
      ? new SessionStore(option, { cookies: {}, headers: {} }, logger)
      : new SessionStore(option, {}, logger);
  const set = store.chunk(req.value, {});
  const cookies = set
    .filter((c) => !(c.options && c.options.maxAge === 0) && c.value !== "")
    .map((c) => ({ name: c.name, value: c.value }));
  return { ok: true, cookies };
}

async function opBenchDecode(req) {
  const { jwt } = lib(req.version);
  if (!Array.isArray(req.tokens)) throw new TypeError(`"tokens" must be an array of strings`);
  const tokens = req.tokens;
  let accepted = 0;
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < tokens.length; i++) {
    try {
      const p = await jwt.decode(decodeParams(req, tokens[i]));
      if (p !== null && p !== undefined) accepted++;
    } catch {
      // rejected
    }
  }
  const t1 = process.hrtime.bigint();
  return { ok: true, count: tokens.length, seconds: Number(t1 - t0) / 1e9, accepted };
}

const OPS = {
  decode: opDecode,
  encode: opEncode,
  getToken: opGetToken,
  chunk: opChunk,
  bench_decode: opBenchDecode,
};

export async function handle(req) {
  try {
    if (req === null || typeof req !== "object" || Array.isArray(req)) {
      throw new TypeError("request must be a JSON object");
    }
    const op = Object.prototype.hasOwnProperty.call(OPS, req.op) ? OPS[req.op] : null;
    if (!op) throw new TypeError(`unknown op ${JSON.stringify(req.op)}`);
    return await withPinnedClock(req.now, () => op(req));
  } catch (err) {
    return { ok: false, error: serializeError(err) };
  }
}

// ---------------------------------------------------------------------------
// Main: stdin -> JSON array -> responses -> stdout.
async function readStdin() {
  const chunks = [];
  for await (const c of process.stdin) chunks.push(c);
  return Buffer.concat(chunks).toString("utf8");
}

async function main() {
  const input = await readStdin();
  let requests;
  try {
    requests = JSON.parse(input);
  } catch (err) {
    process.stderr.write(`oracle: stdin is not valid JSON: ${err.message}\n`);
    process.exitCode = 2;
    return;
  }
  if (!Array.isArray(requests)) {
    process.stderr.write("oracle: stdin must be a JSON array of requests\n");
    process.exitCode = 2;
    return;
  }
  const responses = [];
  for (const req of requests) responses.push(await handle(req)); // sequential: the clock is global
  const out = JSON.stringify(responses) + "\n";
  await new Promise((resolve, reject) => process.stdout.write(out, (e) => (e ? reject(e) : resolve())));
  process.exitCode = 0;
}

// Run only when executed directly (allows `import { handle } from "./oracle.mjs"`).
function isMain() {
  if (!process.argv[1]) return false;
  try {
    return realpathSync(fileURLToPath(import.meta.url)) === realpathSync(process.argv[1]);
  } catch {
    return false;
  }
}
if (isMain()) {
  await main();
}
