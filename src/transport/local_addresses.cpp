#include "transport/local_addresses.h"

#include <Poco/Net/NetworkInterface.h>

#include <algorithm>

namespace kemid {

std::vector<std::string> localIpv4Addresses() {
  std::vector<std::string> addresses;
  for (const auto& interface : Poco::Net::NetworkInterface::list(/*ipOnly=*/true,
                                                                 /*upOnly=*/true)) {
    for (const auto& entry : interface.addressList()) {
      const Poco::Net::IPAddress& ip = entry.get<Poco::Net::NetworkInterface::IP_ADDRESS>();
      if (ip.family() != Poco::Net::AddressFamily::IPv4) continue;
      std::string text = ip.toString();
      if (std::find(addresses.begin(), addresses.end(), text) == addresses.end()) {
        addresses.push_back(std::move(text));
      }
    }
  }
  return addresses;
}

}  // namespace kemid
