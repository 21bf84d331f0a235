// Hand-written protobuf (proto3) codec for the fenliu.v1 envelopes. Messages are described by
// field tables in schema.js; this file knows only the wire format. Unknown fields are skipped.
// 64-bit integers are JavaScript Numbers: exact below 2^53, enough for ids, seqs and times.
import { schema, SCALARS } from './schema.js';

const utf8enc = new TextEncoder();
const utf8dec = new TextDecoder('utf-8');

class Writer {
  constructor() { this.bytes = []; }
  varint(n) {
    if (n < 0) {  // negative int32/int64: ten bytes of two's complement
      let v = BigInt.asUintN(64, BigInt(Math.trunc(n)));
      while (v >= 128n) {
        this.bytes.push(Number(v & 127n) | 128);
        v >>= 7n;
      }
      this.bytes.push(Number(v));
      return;
    }
    while (n >= 128) {
      this.bytes.push((n % 128) | 128);
      n = Math.floor(n / 128);
    }
    this.bytes.push(n);
  }
  tag(field, wire) { this.varint(field * 8 + wire); }
  raw(arr) { for (const b of arr) { this.bytes.push(b); } }
  finish() { return new Uint8Array(this.bytes); }
}

class Reader {
  constructor(buf) { this.buf = buf; this.pos = 0; }
  done() { return this.pos >= this.buf.length; }
  varint() {
    const start = this.pos;
    let n = 0;
    let mul = 1;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.buf.length) { throw new Error('truncated varint'); }
      const b = this.buf[this.pos++];
      n += (b & 127) * mul;
      if (b < 128) { return n < 2 ** 53 ? n : this.wide(start); }
      mul *= 128;
    }
    throw new Error('varint too long');
  }

  // Above 2^53 a Number is inexact: redo in BigInt; 2^63 and up is a negative int64.
  wide(start) {
    let v = 0n;
    let shift = 0n;
    for (let p = start; p < this.pos; p++, shift += 7n) { v |= BigInt(this.buf[p] & 127) << shift; }
    return Number(BigInt.asIntN(64, v));
  }
  bytes() {
    const len = this.varint();
    if (this.pos + len > this.buf.length) { throw new Error('truncated field'); }
    const out = this.buf.subarray(this.pos, this.pos + len);
    this.pos += len;
    return out;
  }
  skip(wire) {
    if (wire === 0) { this.varint(); }
    else if (wire === 1) { this.pos += 8; }
    else if (wire === 2) { this.bytes(); }
    else if (wire === 5) { this.pos += 4; }
    else { throw new Error(`unsupported wire type ${wire}`); }
  }
}

function defaultOf(type) {
  if (type === 'string') { return ''; }
  if (type === 'bool') { return false; }
  if (SCALARS.has(type)) { return 0; }
  return undefined;  // sub-messages stay absent unless present on the wire
}

function writeValue(w, num, type, value) {
  if (type === 'string') {
    w.tag(num, 2);
    const b = utf8enc.encode(value);
    w.varint(b.length);
    w.raw(b);
  } else if (type === 'bool') {
    w.tag(num, 0);
    w.varint(value ? 1 : 0);
  } else if (SCALARS.has(type)) {
    w.tag(num, 0);
    w.varint(Number(value));
  } else {
    const b = encode(type, value);
    w.tag(num, 2);
    w.varint(b.length);
    w.raw(b);
  }
}

/** Encodes `obj` (plain object, field names as in the .proto) as message `type`. */
export function encode(type, obj) {
  const table = schema[type];
  if (!table) { throw new Error(`unknown message type ${type}`); }
  const w = new Writer();
  for (const [name, [num, ftype, repeated]] of Object.entries(table)) {
    const v = obj?.[name];
    if (v === undefined || v === null) { continue; }
    if (repeated) {
      for (const item of v) { writeValue(w, num, ftype, item); }
    } else if (!SCALARS.has(ftype) || v) {
      // proto3 scalars at their default ('', 0, false) are not written; a set sub-message is,
      // even when empty, because it may select a oneof case (e.g. Ok, SubscribeBoard{}).
      writeValue(w, num, ftype, v);
    }
  }
  return w.finish();
}

function readScalar(r, type) {
  if (type === 'string') { return utf8dec.decode(r.bytes()); }
  const n = r.varint();
  if (type === 'bool') { return n !== 0; }
  return n;
}

/** Decodes bytes (Uint8Array) as message `type`; absent scalars get their proto3 default. */
export function decode(type, buf) {
  const table = schema[type];
  if (!table) { throw new Error(`unknown message type ${type}`); }
  const byNum = lookup(type);
  const out = {};
  for (const [name, [, ftype, repeated]] of Object.entries(table)) {
    out[name] = repeated ? [] : defaultOf(ftype);
  }
  const r = new Reader(buf);
  while (!r.done()) {
    const key = r.varint();
    const num = Math.floor(key / 8);
    const wire = key % 8;
    const field = byNum.get(num);
    if (!field) { r.skip(wire); continue; }
    const [name, ftype, repeated] = field;
    if (SCALARS.has(ftype) && ftype !== 'string') {
      if (wire === 2) {  // packed repeated scalars
        const inner = new Reader(r.bytes());
        while (!inner.done()) { out[name].push(readScalar(inner, ftype)); }
        continue;
      }
      if (wire !== 0) { r.skip(wire); continue; }
      const v = readScalar(r, ftype);
      if (repeated) { out[name].push(v); } else { out[name] = v; }
    } else {
      if (wire !== 2) { r.skip(wire); continue; }
      const v = ftype === 'string' ? readScalar(r, ftype) : decode(ftype, r.bytes());
      if (repeated) { out[name].push(v); } else { out[name] = v; }
    }
  }
  return out;
}

const lookups = new Map();
function lookup(type) {
  let m = lookups.get(type);
  if (!m) {
    m = new Map();
    for (const [name, [num, ftype, repeated]] of Object.entries(schema[type])) {
      m.set(num, [name, ftype, repeated]);
    }
    lookups.set(type, m);
  }
  return m;
}

/** The name of the oneof case set in a decoded envelope (`body` fields), or ''. */
export function bodyCase(env, type) {
  for (const name of Object.keys(schema[type])) {
    if (name !== 'request_id' && env[name] !== undefined) { return name; }
  }
  return '';
}
