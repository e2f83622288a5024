#pragma once
// An OpenSSL BIO over the transport's non-blocking socket that sends with
// MSG_NOSIGNAL: OpenSSL's own socket BIO write()s, and a peer that reset
// the connection would raise SIGPIPE and end kemid.

#include <openssl/bio.h>

namespace kemid::tls {

// A BIO for `fd` (not closed with it), or null when OpenSSL cannot make one.
BIO* newSocketBio(int fd);

}  // namespace kemid::tls
