import { generate } from "selfsigned";

export interface Certificate {
  cert: string;
  key: string;
}

/**
 * A self-signed certificate for 127.0.0.1, localhost and `*.vault.localhost`, made at start. It is its own CA, so
 * a client trusts the emulator by passing this PEM as `tlsOptions.ca`, nothing process-wide.
 */
export async function selfSignedCertificate(): Promise<Certificate> {
  const notBeforeDate = new Date(Date.now() - 60_000);
  const notAfterDate = new Date(notBeforeDate.getTime() + 7 * 24 * 3600_000);
  const pems = await generate([{ name: "commonName", value: "encryption-guard ARM emulator" }], {
    keyType: "ec",
    curve: "P-256",
    algorithm: "sha256",
    notBeforeDate,
    notAfterDate,
    extensions: [
      { name: "basicConstraints", cA: true, critical: true },
      { name: "keyUsage", digitalSignature: true, keyCertSign: true, critical: true },
      { name: "extKeyUsage", serverAuth: true },
      {
        name: "subjectAltName",
        altNames: [
          { type: 7, ip: "127.0.0.1" },
          { type: 7, ip: "::1" },
          { type: 2, value: "localhost" },
          // The Key Vault data plane: https://<vault>.vault.localhost:<port>/
          { type: 2, value: "*.vault.localhost" },
        ],
      },
    ],
  });
  return { cert: pems.cert, key: pems.private };
}
