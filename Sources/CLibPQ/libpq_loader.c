/* The libpq functions SupportDojo calls, as trampolines that load libpq.so.5 on first use
   (dlopen) and forward to it (dlsym), so that only a postgres:// store maps PostgreSQL's
   client and what it pulls in (libssl, libcrypto, gssapi, ldap, …).

   DOJO_LIBPQ names another library file to load instead (tests use a name that does not
   exist to check the message). When the library cannot be loaded, dojo_libpq_load_error()
   says so and every trampoline returns a harmless value: no call ever jumps to NULL. */
#define _GNU_SOURCE
#include "CLibPQ.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

/* Our definitions stay inside the binary: a libpq loaded later must never bind its own
   internal calls to these trampolines. */
#define DOJO_HIDDEN __attribute__((visibility("hidden")))

#define DOJO_LIBPQ_FUNCTIONS(X)                                                                \
  X(PGconn *, PQconnectdbParams,                                                               \
    (const char *const *keywords, const char *const *values, int expand_dbname),               \
    (keywords, values, expand_dbname), NULL)                                                   \
  X(ConnStatusType, PQstatus, (const PGconn *conn), (conn), CONNECTION_BAD)                    \
  X(char *, PQerrorMessage, (const PGconn *conn), (conn), (char *)dojo_libpq_missing)          \
  X(PGresult *, PQexec, (PGconn *conn, const char *query), (conn, query), NULL)                \
  X(PGresult *, PQexecParams,                                                                  \
    (PGconn *conn, const char *command, int nParams, const Oid *paramTypes,                    \
     const char *const *paramValues, const int *paramLengths, const int *paramFormats,         \
     int resultFormat),                                                                        \
    (conn, command, nParams, paramTypes, paramValues, paramLengths, paramFormats, resultFormat), \
    NULL)                                                                                      \
  X(ExecStatusType, PQresultStatus, (const PGresult *res), (res), PGRES_FATAL_ERROR)           \
  X(char *, PQresultErrorMessage, (const PGresult *res), (res), (char *)dojo_libpq_missing)    \
  X(char *, PQresultErrorField, (const PGresult *res, int fieldcode), (res, fieldcode), NULL)  \
  X(int, PQntuples, (const PGresult *res), (res), 0)                                           \
  X(int, PQnfields, (const PGresult *res), (res), 0)                                           \
  X(char *, PQfname, (const PGresult *res, int field_num), (res, field_num), (char *)"")       \
  X(char *, PQgetvalue, (const PGresult *res, int tup_num, int field_num),                     \
    (res, tup_num, field_num), (char *)"")                                                     \
  X(int, PQgetisnull, (const PGresult *res, int tup_num, int field_num),                       \
    (res, tup_num, field_num), 1)                                                              \
  X(char *, PQcmdTuples, (PGresult *res), (res), (char *)"")

#define DOJO_LIBPQ_VOID_FUNCTIONS(X)                                                           \
  X(PQclear, (PGresult *res), (res))                                                           \
  X(PQfinish, (PGconn *conn), (conn))                                                          \
  X(PQreset, (PGconn *conn), (conn))

static char dojo_libpq_missing[512];

#define DOJO_POINTER(type, name, parameters, arguments, fallback) static type(*dojo_##name) parameters;
#define DOJO_VOID_POINTER(name, parameters, arguments) static void(*dojo_##name) parameters;
DOJO_LIBPQ_FUNCTIONS(DOJO_POINTER)
DOJO_LIBPQ_VOID_FUNCTIONS(DOJO_VOID_POINTER)

static pthread_once_t dojo_libpq_once = PTHREAD_ONCE_INIT;
static int dojo_libpq_loaded;

static void dojo_libpq_open(void) {
  const char *name = getenv("DOJO_LIBPQ");
  if (name == NULL || name[0] == '\0') name = "libpq.so.5";
  void *library = dlopen(name, RTLD_NOW | RTLD_LOCAL);
  if (library == NULL) {
    snprintf(dojo_libpq_missing, sizeof dojo_libpq_missing,
             "PostgreSQL client library %s not found (a postgres:// store needs it): "
             "apt-get install libpq5",
             name);
    return;
  }
  const char *absent = NULL;
#define DOJO_RESOLVE(type, name, parameters, arguments, fallback)                                \
  *(void **)(&dojo_##name) = dlsym(library, #name);                                            \
  if (dojo_##name == NULL && absent == NULL) absent = #name;
#define DOJO_VOID_RESOLVE(name, parameters, arguments) DOJO_RESOLVE(void, name, parameters, arguments, 0)
  DOJO_LIBPQ_FUNCTIONS(DOJO_RESOLVE)
  DOJO_LIBPQ_VOID_FUNCTIONS(DOJO_VOID_RESOLVE)
  if (absent != NULL) {
    snprintf(dojo_libpq_missing, sizeof dojo_libpq_missing,
             "PostgreSQL client library %s lacks %s: install libpq5 (PostgreSQL 10 or later)", name,
             absent);
    return;
  }
  dojo_libpq_loaded = 1;
}

const char *dojo_libpq_load_error(void) {
  pthread_once(&dojo_libpq_once, dojo_libpq_open);
  return dojo_libpq_loaded ? NULL : dojo_libpq_missing;
}

#define DOJO_TRAMPOLINE(type, name, parameters, arguments, fallback)                             \
  DOJO_HIDDEN type name parameters {                                                           \
    if (dojo_libpq_load_error() != NULL) return fallback;                                      \
    return dojo_##name arguments;                                                              \
  }
#define DOJO_VOID_TRAMPOLINE(name, parameters, arguments)                                      \
  DOJO_HIDDEN void name parameters {                                                           \
    if (dojo_libpq_load_error() != NULL) return;                                               \
    dojo_##name arguments;                                                                     \
  }
DOJO_LIBPQ_FUNCTIONS(DOJO_TRAMPOLINE)
DOJO_LIBPQ_VOID_FUNCTIONS(DOJO_VOID_TRAMPOLINE)
