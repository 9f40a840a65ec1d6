/* PostgreSQL's C client, loaded when first used (see libpq_loader.c).
   The declarations come from libpq-dev's header at build time; the binary does not link
   libpq: a session on an SQLite store never maps libpq, libssl, libcrypto, gssapi or ldap. */
#ifndef DOJO_CLIBPQ_H
#define DOJO_CLIBPQ_H

#include <postgresql/libpq-fe.h>

/* Loads libpq (once; thread-safe) and returns NULL, or a message that says why it cannot be
   loaded and how to install it. The PQ* functions below this header are safe to call when the
   library is missing (they return NULL, 0 or CONNECTION_BAD), but callers check this first. */
const char *dojo_libpq_load_error(void);

#endif
