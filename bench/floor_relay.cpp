// The bench's floor: a blind UDP relay with no SIP parsing at all.
//   floor_relay LISTEN_PORT CALLEE_PORT        (both on 127.0.0.1)
// A datagram from the callee goes to the last address that was not the
// callee; any other datagram goes to the callee. What SIPp's uac and uas
// cost through it is what no proxy can go below on this machine.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s LISTEN_PORT CALLEE_PORT\n", argv[0]);
    return 2;
  }
  int sock = ::socket(AF_INET, SOCK_DGRAM, 0);
  sockaddr_in self{};
  self.sin_family = AF_INET;
  self.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  self.sin_port = htons(static_cast<unsigned short>(std::atoi(argv[1])));
  if (::bind(sock, reinterpret_cast<sockaddr*>(&self), sizeof self) != 0) {
    std::perror("bind");
    return 1;
  }
  // Bursts at high rates must not be lost in the floor's own socket buffer
  // (SO_RCVBUFFORCE goes past rmem_max when run as root).
  int bufferSize = 8 << 20;
  if (::setsockopt(sock, SOL_SOCKET, SO_RCVBUFFORCE, &bufferSize, sizeof bufferSize) != 0) {
    ::setsockopt(sock, SOL_SOCKET, SO_RCVBUF, &bufferSize, sizeof bufferSize);
  }
  sockaddr_in callee = self;
  callee.sin_port = htons(static_cast<unsigned short>(std::atoi(argv[2])));
  sockaddr_in caller{};
  static char buffer[65535];
  for (;;) {
    sockaddr_in from{};
    socklen_t fromLength = sizeof from;
    ssize_t n =
        ::recvfrom(sock, buffer, sizeof buffer, 0, reinterpret_cast<sockaddr*>(&from), &fromLength);
    if (n <= 0) continue;
    const bool fromCallee =
        from.sin_port == callee.sin_port && from.sin_addr.s_addr == callee.sin_addr.s_addr;
    if (!fromCallee) caller = from;
    const sockaddr_in& to = fromCallee ? caller : callee;
    ::sendto(sock, buffer, static_cast<size_t>(n), 0, reinterpret_cast<const sockaddr*>(&to),
             sizeof to);
  }
}
