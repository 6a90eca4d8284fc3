/**
 * OCSP on the wire (RFC 6960): CertIDs, requests and responses, with @peculiar's ASN.1 schemas.
 * Pure encoding and decoding; deciding what a response means is ocsp.ts's job.
 */
import { createHash } from 'node:crypto';
import {
  CertID,
  id_pkix_ocsp_basic,
  OCSPRequest,
  OCSPResponse,
  OCSPResponseStatus,
  Request,
  ResponseData,
  TBSRequest,
} from '@peculiar/asn1-ocsp';
import { AsnConvert, AsnProp, AsnPropTypes, OctetString } from '@peculiar/asn1-schema';
import {
  AlgorithmIdentifier,
  AuthorityInfoAccessSyntax,
  Certificate,
  ExtendedKeyUsage,
  id_ad_ocsp,
  id_ce_extKeyUsage,
  id_pe_authorityInfoAccess,
  type Name,
} from '@peculiar/asn1-x509';

export type HashName = 'sha1' | 'sha256' | 'sha384' | 'sha512';

const HASH_BY_OID: Record<string, HashName> = {
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};
const OID_BY_HASH = Object.fromEntries(
  Object.entries(HASH_BY_OID).map(([oid, name]) => [name, oid]),
) as Record<HashName, string>;

export function parseCertificate(der: Uint8Array): Certificate {
  return AsnConvert.parse(der, Certificate);
}

function digest(hash: HashName, data: ArrayBuffer | Uint8Array): Buffer {
  return createHash(hash).update(new Uint8Array(data)).digest();
}

/** SHA-1 (by default) of a public key's BIT STRING contents: CertID's issuerKeyHash and ResponderID byKey. */
export function keyHash(cert: Certificate, hash: HashName = 'sha1'): Buffer {
  return digest(hash, cert.tbsCertificate.subjectPublicKeyInfo.subjectPublicKey);
}

export function nameDer(name: Name): Buffer {
  return Buffer.from(AsnConvert.serialize(name));
}

/** The CertID that names `leaf` to a responder (RFC 6960 4.1.1). */
export function certIdFor(leaf: Certificate, issuer: Certificate, hash: HashName = 'sha1'): CertID {
  return new CertID({
    hashAlgorithm: new AlgorithmIdentifier({ algorithm: OID_BY_HASH[hash], parameters: null }),
    // The issuer's name as the leaf spells it, per the RFC.
    issuerNameHash: new OctetString(digest(hash, nameDer(leaf.tbsCertificate.issuer))),
    issuerKeyHash: new OctetString(keyHash(issuer, hash)),
    serialNumber: leaf.tbsCertificate.serialNumber,
  });
}

/** Whether `id` (from a response, in whatever hash it uses) names `leaf` issued by `issuer`. */
export function certIdMatches(id: CertID, leaf: Certificate, issuer: Certificate): boolean {
  const hash = HASH_BY_OID[id.hashAlgorithm.algorithm];
  if (!hash) return false;
  const expected = certIdFor(leaf, issuer, hash);
  return (
    bytesEqual(id.issuerNameHash, expected.issuerNameHash) &&
    bytesEqual(id.issuerKeyHash, expected.issuerKeyHash) &&
    serialHex(id.serialNumber) === serialHex(expected.serialNumber)
  );
}

/** Lower-case hex of an INTEGER's contents without leading zero octets. */
export function serialHex(serial: ArrayBuffer | Uint8Array | string): string {
  const hex =
    typeof serial === 'string' ? serial : Buffer.from(new Uint8Array(serial)).toString('hex');
  return hex.toLowerCase().replace(/^0+(?=.)/, '');
}

export function encodeRequest(id: CertID): Buffer {
  const request = new OCSPRequest({
    tbsRequest: new TBSRequest({ requestList: [new Request({ reqCert: id })] }),
  });
  return Buffer.from(AsnConvert.serialize(request));
}

/**
 * BasicOCSPResponse with every part kept as the bytes received: the signature covers the exact
 * tbsResponseData octets, and a re-encoded certificate might not match its own signature.
 */
class RawBasicOCSPResponse {
  tbsResponseData = new ArrayBuffer(0);
  signatureAlgorithm = new AlgorithmIdentifier();
  signature = new ArrayBuffer(0);
  certs?: ArrayBuffer[];
}
AsnProp({ type: AsnPropTypes.Any })(RawBasicOCSPResponse.prototype, 'tbsResponseData');
AsnProp({ type: AlgorithmIdentifier })(RawBasicOCSPResponse.prototype, 'signatureAlgorithm');
AsnProp({ type: AsnPropTypes.BitString })(RawBasicOCSPResponse.prototype, 'signature');
AsnProp({ type: AsnPropTypes.Any, repeated: 'sequence', context: 0, optional: true })(
  RawBasicOCSPResponse.prototype,
  'certs',
);

export interface BasicResponse {
  data: ResponseData;
  /** DER of tbsResponseData, as signed. */
  signedBytes: Buffer;
  signatureAlgorithm: string;
  signature: Buffer;
  /** DER of the certificates the responder included (a delegated responder's, usually). */
  certs: Buffer[];
}

export type DecodedResponse =
  | { kind: 'basic'; response: BasicResponse }
  | { kind: 'refused'; status: string }
  | { kind: 'unsupported'; responseType: string };

/** Decodes an OCSPResponse; throws on bytes that are not one. */
export function decodeResponse(der: Uint8Array): DecodedResponse {
  const outer = AsnConvert.parse(der, OCSPResponse);
  if (outer.responseStatus !== OCSPResponseStatus.successful) {
    return {
      kind: 'refused',
      status: OCSPResponseStatus[outer.responseStatus] ?? `status ${outer.responseStatus}`,
    };
  }
  const bytes = outer.responseBytes;
  if (!bytes) throw new Error('successful response without responseBytes');
  if (bytes.responseType !== id_pkix_ocsp_basic) {
    return { kind: 'unsupported', responseType: bytes.responseType };
  }
  const raw = AsnConvert.parse(bytes.response, RawBasicOCSPResponse);
  return {
    kind: 'basic',
    response: {
      data: AsnConvert.parse(raw.tbsResponseData, ResponseData),
      signedBytes: Buffer.from(raw.tbsResponseData),
      signatureAlgorithm: raw.signatureAlgorithm.algorithm,
      signature: Buffer.from(raw.signature),
      certs: (raw.certs ?? []).map((c) => Buffer.from(c)),
    },
  };
}

/** The OCSP responder URLs of the certificate's Authority Information Access extension. */
export function ocspUrls(cert: Certificate): string[] {
  const ext = cert.tbsCertificate.extensions?.find((e) => e.extnID === id_pe_authorityInfoAccess);
  if (!ext) return [];
  const aia = AsnConvert.parse(ext.extnValue, AuthorityInfoAccessSyntax);
  return aia
    .filter((a) => a.accessMethod === id_ad_ocsp)
    .map((a) => a.accessLocation.uniformResourceIdentifier)
    .filter((u): u is string => typeof u === 'string');
}

export function extendedKeyUsages(cert: Certificate): string[] {
  const ext = cert.tbsCertificate.extensions?.find((e) => e.extnID === id_ce_extKeyUsage);
  return ext ? [...AsnConvert.parse(ext.extnValue, ExtendedKeyUsage)] : [];
}

function bytesEqual(a: ArrayBufferView | ArrayBuffer, b: ArrayBufferView | ArrayBuffer): boolean {
  return Buffer.from(toBytes(a)).equals(Buffer.from(toBytes(b)));
}

function toBytes(v: ArrayBufferView | ArrayBuffer): Uint8Array {
  return ArrayBuffer.isView(v)
    ? new Uint8Array(v.buffer, v.byteOffset, v.byteLength)
    : new Uint8Array(v);
}
