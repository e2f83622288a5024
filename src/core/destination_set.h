#pragma once
// The destination set: the branches a request is forked to besides its
// Request-URI (Kamailio's dset). append_branch and registrar's lookup add
// to it; tm's t_relay sends one branch for the Request-URI and one for each
// entry, in parallel (RFC 3261 §16.6), and empties the set once sent.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace kemid {

// One additional branch: where it goes and what it carries.
struct DestinationBranch {
  std::string uri;          // its Request-URI
  std::string dstUri;       // its next hop ($du); empty: the uri
  std::string path;         // Path of the registration (RFC 3327), sent as Route
  int q = -1;               // q-value in thousandths (0..1000); -1: not given
  std::uint32_t flags = 0;  // branch flags ($bf)
  std::string socket;       // the socket to send from ("udp:1.2.3.4:5060"); empty: any
  std::string instance;     // +sip.instance of the contact (RFC 5626)
  std::string ruid;         // usrloc's record id of the contact
  std::string userAgent;    // User-Agent of the registration
};

class DestinationSet {
 public:
  // Kamailio's max_branches: the Request-URI and eleven more.
  static constexpr std::size_t kMaxBranches = 12;

  // Adds branch; false when the set is full (Kamailio: "max nr of branches
  // exceeded").
  bool append(DestinationBranch branch) {
    if (branches_.size() + 1 >= kMaxBranches) return false;
    branches_.push_back(std::move(branch));
    return true;
  }
  void clear() { branches_.clear(); }

  std::size_t size() const { return branches_.size(); }
  bool empty() const { return branches_.empty(); }
  DestinationBranch& operator[](std::size_t i) { return branches_[i]; }
  const DestinationBranch& operator[](std::size_t i) const { return branches_[i]; }
  auto begin() const { return branches_.begin(); }
  auto end() const { return branches_.end(); }

 private:
  std::vector<DestinationBranch> branches_;
};

}  // namespace kemid
