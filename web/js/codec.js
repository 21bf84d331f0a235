// The pages' only entry to the wire format: the code protoc-gen-es generates from
// proto/fenliu/v1/fenliu.proto (web/gen/, built by scripts/build-web.sh) and the @bufbuild/protobuf
// runtime. Messages are the generated shapes: camelCase fields, a oneof as {case, value}.
// One convention on top: every 64-bit integer (ids, seqs, Unix milliseconds, cents) reaches page
// code as a Number, exact below 2^53, where the runtime would give a BigInt. Encoding accepts
// Numbers for those fields as it is.
import { create, fromBinary, toBinary, ScalarType } from '@bufbuild/protobuf';
import { ClientEnvelopeSchema, ServerEnvelopeSchema } from '../gen/fenliu/v1/fenliu_pb.js';

export * from '../gen/fenliu/v1/fenliu_pb.js';

const WIDE = new Set([ScalarType.INT64, ScalarType.UINT64, ScalarType.SINT64, ScalarType.FIXED64,
  ScalarType.SFIXED64]);

/** Replaces the BigInts of 64-bit fields in `msg` (of message type `desc`) by Numbers, in place. */
export function withNumbers(desc, msg) {
  for (const f of desc.fields) {
    let get = () => msg[f.localName];
    let set = (v) => { msg[f.localName] = v; };
    if (f.oneof) {
      const holder = msg[f.oneof.localName];
      if (holder.case !== f.localName) { continue; }
      get = () => holder.value;
      set = (v) => { holder.value = v; };
    }
    const v = get();
    if (f.fieldKind === 'scalar' && WIDE.has(f.scalar)) {
      set(Number(v));
    } else if (f.fieldKind === 'message' && v !== undefined) {
      withNumbers(f.message, v);
    } else if (f.fieldKind === 'list' && f.listKind === 'scalar' && WIDE.has(f.scalar)) {
      set(v.map(Number));
    } else if (f.fieldKind === 'list' && f.listKind === 'message') {
      for (const item of v) { withNumbers(f.message, item); }
    }
  }
  return msg;
}

/**
 * Throws on a key of `init` that is no field of `desc`, or a oneof case it does not have.
 * create() would drop either without a word, and the frame would go out without the field.
 */
export function checkInit(desc, init, path = desc.name) {
  for (const [key, v] of Object.entries(init)) {
    if (key === '$typeName' || v === undefined) { continue; }
    const oneof = desc.oneofs.find((o) => o.localName === key);
    if (oneof) {
      if (v.case === undefined) { continue; }
      const f = oneof.fields.find((x) => x.localName === v.case);
      if (!f) { throw new TypeError(`${path}.${key}: no case '${v.case}' in ${desc.typeName}`); }
      if (f.fieldKind === 'message') { checkInit(f.message, v.value, `${path}.${v.case}`); }
      continue;
    }
    const f = desc.field[key];
    if (!f || f.oneof) { throw new TypeError(`${path}: ${desc.typeName} has no field '${key}'`); }
    if (f.fieldKind === 'message' && v !== null) {
      checkInit(f.message, v, `${path}.${key}`);
    } else if (f.fieldKind === 'list' && f.listKind === 'message') {
      v.forEach((item, i) => checkInit(f.message, item, `${path}.${key}[${i}]`));
    }
  }
}

/** Encodes a ClientEnvelope given as its init shape, e.g. {requestId, body: {case, value}}. */
export function encodeClient(init) {
  checkInit(ClientEnvelopeSchema, init);
  return toBinary(ClientEnvelopeSchema, create(ClientEnvelopeSchema, init));
}

/** Decodes a ServerEnvelope frame; throws on malformed bytes. Unknown fields are ignored. */
export function decodeServer(bytes) {
  return withNumbers(ServerEnvelopeSchema, fromBinary(ServerEnvelopeSchema, bytes));
}

/** The same pair for any message type: the tests use them for single messages. */
export function encode(schema, init) { return toBinary(schema, create(schema, init)); }
export function decode(schema, bytes) { return withNumbers(schema, fromBinary(schema, bytes)); }
