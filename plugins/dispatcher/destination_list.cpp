#include "destination_list.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <random>
#include <sstream>

#include "core/forwarding.h"
#include "core/log.h"
#include "sip/sip_param.h"
#include "sip/sip_uri.h"

namespace kemid::dispatcher {
namespace {

const Logger kLog{"dispatcher"};

bool isBlank(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

bool equalsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

// Kamailio reads attribute numbers with str2sint: digits after an optional
// sign, anything else ends them; none reads as 0.
int leadingInt(std::string_view text) {
  std::size_t at = 0;
  bool negative = false;
  if (at < text.size() && (text[at] == '-' || text[at] == '+')) negative = text[at++] == '-';
  int value = 0;
  while (at < text.size() && std::isdigit(static_cast<unsigned char>(text[at]))) {
    value = value * 10 + (text[at++] - '0');
  }
  return negative ? -value : value;
}

int percent(std::string_view text, std::string_view name) {
  const int value = leadingInt(text);
  if (value >= 1 && value <= 100) return value;
  kLog.err(name, " ", value, " not in 1-100 range - ignoring");
  return 0;
}

std::string_view trimmed(std::string_view text) {
  while (!text.empty() && isBlank(text.front())) text.remove_prefix(1);
  while (!text.empty() && isBlank(text.back())) text.remove_suffix(1);
  return text;
}

void shuffle(std::array<std::uint32_t, 100>& slots) {
  static thread_local std::minstd_rand random{std::random_device{}()};
  std::shuffle(slots.begin(), slots.end(), random);
}

// The sip: scheme may be left out in the list, as Kamailio accepts.
std::optional<SipUri> parseDestinationUri(std::string& uri) {
  if (auto parsed = SipUri::parse(uri); parsed && !parsed->host.empty()) return parsed;
  if (uri.size() > 4 && !uri.starts_with("sip:")) {
    std::string withScheme = "sip:" + uri;
    if (auto parsed = SipUri::parse(withScheme); parsed && !parsed->host.empty()) {
      kLog.info("uri without sip scheme - fixing it: ", uri);
      uri = std::move(withScheme);
      return parsed;
    }
  }
  return std::nullopt;
}

}  // namespace

Attributes parseAttributes(std::string_view text) {
  Attributes attrs;
  text = trimmed(text);
  if (!text.empty() && text.back() == ';') text.remove_suffix(1);
  attrs.body = std::string(text);
  while (!text.empty()) {
    const std::size_t end = text.find(';');
    const std::string_view item = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
    const std::size_t eq = item.find('=');
    const std::string_view name = trimmed(item.substr(0, eq));
    std::string_view value = eq == std::string_view::npos ? "" : trimmed(item.substr(eq + 1));
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
      value = value.substr(1, value.size() - 2);
    }
    if (equalsIgnoreCase(name, "duid")) {
      attrs.duid = value;
    } else if (equalsIgnoreCase(name, "weight")) {
      attrs.weight = percent(value, "weight");
    } else if (equalsIgnoreCase(name, "rweight")) {
      attrs.rweight = percent(value, "rweight");
    } else if (equalsIgnoreCase(name, "maxload")) {
      attrs.maxload = leadingInt(value);
    } else if (equalsIgnoreCase(name, "socket")) {
      attrs.socket = value;
    } else if (equalsIgnoreCase(name, "sockname")) {
      attrs.sockname = value;
    } else if (equalsIgnoreCase(name, "ping_from")) {
      attrs.pingFrom = value;
    } else if (equalsIgnoreCase(name, "obproxy")) {
      attrs.obproxy = value;
    }
  }
  return attrs;
}

Destination::Destination(std::string uri, int flags, int priority, Attributes attrs)
    : uri(std::move(uri)), priority(priority), attrs(std::move(attrs)), flags(flags) {}

void DestinationSetData::rebuildRelativeWeights() const {
  std::lock_guard guard(rweightLock);
  if (destinations.size() < 2) return;
  int sum = 0;
  for (const auto& d : destinations) {
    if (!skipped(d->flags.load(std::memory_order_relaxed))) sum += d->attrs.rweight;
  }
  if (sum == 0) return;
  std::size_t filled = 0;
  for (std::size_t j = 0; j < destinations.size(); ++j) {
    const Destination& d = *destinations[j];
    if (skipped(d.flags.load(std::memory_order_relaxed))) continue;
    const int slice = d.attrs.rweight * 100 / sum;
    for (int k = 0; k < slice && filled < rweights.size(); ++k) {
      rweights[filled++] = static_cast<std::uint32_t>(j);
    }
  }
  const std::uint32_t lastIndex =
      filled > 0 ? rweights[filled - 1] : static_cast<std::uint32_t>(destinations.size() - 1);
  while (filled < rweights.size()) rweights[filled++] = lastIndex;
  shuffle(rweights);
}

const Destination* DestinationSetData::find(std::string_view uri) const {
  for (const auto& d : destinations) {
    if (equalsIgnoreCase(d->uri, uri)) return d.get();
  }
  return nullptr;
}

bool DestinationList::add(int setId, std::string_view uriText, int flags, int priority,
                          std::string_view attrs, std::string& error) {
  std::string uri(uriText);
  const auto parsed = parseDestinationUri(uri);
  if (!parsed) {
    error = "bad uri [" + std::string(uriText) + "]";
    return false;
  }
  auto destination =
      std::make_unique<Destination>(uri, flags & kStateBits, priority, parseAttributes(attrs));
  destination->host = parsed->host;
  destination->port = parsed->port.value_or(0);
  if (const SipParam* transport = findParam(parsed->params, "transport");
      transport != nullptr && transport->value) {
    for (char c : *transport->value) {
      destination->transport.push_back(
          static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    }
  }
  if ((flags & kNoDnsResolve) == 0) {
    auto address = resolveHost(parsed->host);
    if (!address) {
      error = "could not resolve " + parsed->host + " (missing no-probing flag?!?)";
      return false;
    }
    destination->address = std::move(*address);
  }
  if (!pending_.contains(setId) && !sets_.contains(setId)) creationOrder_.push_back(setId);
  pending_[setId].push_back(std::move(destination));
  return true;
}

void DestinationList::finish() {
  for (auto& [id, loaded] : pending_) {
    auto set = std::make_unique<DestinationSetData>();
    set->id = id;
    // Kamailio keeps the set in ascending priority (a new one after its
    // equals), then copies it backwards into the array it selects from.
    std::stable_sort(loaded.begin(), loaded.end(),
                     [](const auto& a, const auto& b) { return a->priority < b->priority; });
    std::reverse(loaded.begin(), loaded.end());
    set->destinations = std::move(loaded);

    // Algorithm 9: each destination's index `weight` times (the first one
    // must have a weight), the rest of the 100 slots for the last one.
    if (set->destinations.front()->attrs.weight != 0) {
      std::size_t filled = 0;
      for (std::size_t j = 0; j < set->size() && filled < 100; ++j) {
        for (int k = 0; k < set->destinations[j]->attrs.weight && filled < 100; ++k) {
          set->weights[filled++] = static_cast<std::uint32_t>(j);
        }
      }
      while (filled < 100) set->weights[filled++] = static_cast<std::uint32_t>(set->size() - 1);
      shuffle(set->weights);
    }
    set->rebuildRelativeWeights();
    sets_.emplace(id, std::move(set));
  }
  pending_.clear();
}

const DestinationSetData* DestinationList::set(int id) const {
  auto it = sets_.find(id);
  return it == sets_.end() ? nullptr : it->second.get();
}

std::shared_ptr<DestinationList> parseListText(std::string_view text, std::string& error) {
  auto list = std::make_shared<DestinationList>();
  while (!text.empty()) {
    const std::size_t end = text.find('\n');
    const std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);

    std::size_t at = 0;
    auto skipBlanks = [&] {
      while (at < line.size() && isBlank(line[at])) ++at;
    };
    auto atEnd = [&] { return at >= line.size() || line[at] == '#'; };
    auto number = [&] {
      int value = 0;
      while (at < line.size() && std::isdigit(static_cast<unsigned char>(line[at]))) {
        value = value * 10 + (line[at++] - '0');
      }
      return value;
    };
    auto word = [&](bool stopAtHash) {
      const std::size_t start = at;
      while (at < line.size() && !isBlank(line[at]) && !(stopAtHash && line[at] == '#')) ++at;
      return line.substr(start, at - start);
    };

    skipBlanks();
    if (atEnd()) continue;
    const int setId = number();
    skipBlanks();
    if (atEnd()) {
      error = "bad line [" + std::string(line) + "]";
      return nullptr;
    }
    const std::string_view uri = word(true);
    int flags = 0;
    int priority = 0;
    std::string_view attrs;
    skipBlanks();
    if (!atEnd()) {
      flags = number();
      skipBlanks();
      if (!atEnd()) {
        priority = number();
        skipBlanks();
        if (!atEnd()) attrs = word(false);
      }
    }
    std::string why;
    if (!list->add(setId, uri, flags, priority, attrs, why)) {
      kLog.warn("unable to add destination ", uri, " to set ", setId, " -- skipping (", why, ")");
    }
  }
  list->finish();
  return list;
}

std::shared_ptr<DestinationList> readListFile(const std::string& path, std::string& error) {
  std::ifstream in(path);
  if (!in) {
    error = "can't open list file [" + path + "]";
    return nullptr;
  }
  std::ostringstream text;
  text << in.rdbuf();
  return parseListText(text.str(), error);
}

std::string stateText(int flags) {
  std::string text(2, ' ');
  if ((flags & kInactive) != 0) {
    text[0] = 'I';
  } else if ((flags & kDisabled) != 0) {
    text[0] = 'D';
  } else if ((flags & kTrying) != 0) {
    text[0] = 'T';
  } else {
    text[0] = 'A';
  }
  text[1] = (flags & kProbing) != 0 ? 'P' : 'X';
  return text;
}

std::optional<int> parseStateLetters(std::string_view letters) {
  int state = 0;
  for (char c : letters) {
    switch (std::tolower(static_cast<unsigned char>(c))) {
      case 'a':
        state &= ~kStateBits;
        break;
      case 'i':
        state |= kInactive;
        break;
      case 'd':
        state |= kDisabled;
        break;
      case 't':
        state |= kTrying;
        break;
      case 'p':
        state |= kProbing;
        break;
      default:
        return std::nullopt;
    }
  }
  return state;
}

}  // namespace kemid::dispatcher
