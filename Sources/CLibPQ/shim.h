/* PostgreSQL's C client (Debian: libpq-dev). Debian puts the header under postgresql/. */
#include <postgresql/libpq-fe.h>
