#include "socket_bio.h"

#include <sys/socket.h>

#include <cerrno>
#include <cstdint>

namespace kemid::tls {
namespace {

int fdOf(BIO* bio) {
  return static_cast<int>(reinterpret_cast<std::intptr_t>(BIO_get_data(bio)));
}

bool wouldBlock() {
  return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR;
}

int writeSocket(BIO* bio, const char* data, int size) {
  BIO_clear_retry_flags(bio);
  const ssize_t sent = ::send(fdOf(bio), data, static_cast<std::size_t>(size), MSG_NOSIGNAL);
  if (sent < 0 && wouldBlock()) BIO_set_retry_write(bio);
  return static_cast<int>(sent);
}

int readSocket(BIO* bio, char* buffer, int size) {
  BIO_clear_retry_flags(bio);
  const ssize_t got = ::recv(fdOf(bio), buffer, static_cast<std::size_t>(size), 0);
  if (got < 0 && wouldBlock()) BIO_set_retry_read(bio);
  return static_cast<int>(got);
}

long control(BIO* bio, int command, long, void* out) {
  switch (command) {
    case BIO_CTRL_FLUSH:
      return 1;  // nothing is buffered here
    case BIO_C_GET_FD:
      if (out != nullptr) *static_cast<int*>(out) = fdOf(bio);
      return fdOf(bio);
    default:
      return 0;
  }
}

int create(BIO* bio) {
  BIO_set_init(bio, 1);
  return 1;
}

const BIO_METHOD* socketMethod() {
  static BIO_METHOD* method = [] {
    BIO_METHOD* m = BIO_meth_new(BIO_get_new_index() | BIO_TYPE_SOURCE_SINK | BIO_TYPE_DESCRIPTOR,
                                 "kemid socket");
    BIO_meth_set_write(m, &writeSocket);
    BIO_meth_set_read(m, &readSocket);
    BIO_meth_set_ctrl(m, &control);
    BIO_meth_set_create(m, &create);
    return m;
  }();
  return method;
}

}  // namespace

BIO* newSocketBio(int fd) {
  BIO* bio = BIO_new(socketMethod());
  if (bio != nullptr) BIO_set_data(bio, reinterpret_cast<void*>(static_cast<std::intptr_t>(fd)));
  return bio;
}

}  // namespace kemid::tls
