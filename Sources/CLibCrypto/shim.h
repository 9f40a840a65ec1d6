/* OpenSSL's libcrypto (Debian: libssl-dev, which libpq-dev already pulls in): SHA-256 through
   the EVP digest interface, for the content hashes of `dojo store migrate`. */
#include <openssl/evp.h>
