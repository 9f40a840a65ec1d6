/* SHA-256 (FIPS 180-4), for the content hashes of `dojo store migrate`: a few dozen lines
   instead of linking OpenSSL's libcrypto into every dojo process. Checked against the FIPS
   180-2 / NIST example vectors in DojoStoreTests (MigrationCanonicalTests). */
#ifndef DOJO_CSHA256_H
#define DOJO_CSHA256_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
  uint32_t state[8];
  uint64_t length;      /* bytes hashed so far */
  uint8_t block[64];    /* bytes not yet hashed: length % 64 of them */
} dojo_sha256_context;

void dojo_sha256_init(dojo_sha256_context *context);
void dojo_sha256_update(dojo_sha256_context *context, const void *bytes, size_t count);
/* Writes the 32-byte digest; the context must be initialised again before further use. */
void dojo_sha256_final(dojo_sha256_context *context, uint8_t digest[32]);

#endif
