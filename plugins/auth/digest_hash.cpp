#include "digest_hash.h"

#include <Poco/DigestEngine.h>
#include <Poco/MD5Engine.h>
#include <Poco/SHA2Engine.h>

namespace kemid::auth {

std::optional<DigestAlgorithm> digestAlgorithmNamed(std::string_view name) {
  if (name == "MD5") return DigestAlgorithm::Md5;
  if (name == "SHA-256") return DigestAlgorithm::Sha256;
  return std::nullopt;
}

std::string_view digestAlgorithmName(DigestAlgorithm algorithm) {
  return algorithm == DigestAlgorithm::Md5 ? "MD5" : "SHA-256";
}

std::size_t digestHexLength(DigestAlgorithm algorithm) {
  return algorithm == DigestAlgorithm::Md5 ? 32 : 64;
}

std::string digestHex(DigestAlgorithm algorithm, std::string_view text) {
  auto hex = [&](Poco::DigestEngine& engine) {
    engine.update(text.data(), static_cast<unsigned>(text.size()));
    return Poco::DigestEngine::digestToHex(engine.digest());
  };
  if (algorithm == DigestAlgorithm::Md5) {
    Poco::MD5Engine md5;
    return hex(md5);
  }
  Poco::SHA2Engine sha256(Poco::SHA2Engine::SHA_256);
  return hex(sha256);
}

namespace {

std::string joined(std::initializer_list<std::string_view> parts) {
  std::string text;
  bool first = true;
  for (std::string_view part : parts) {
    if (!first) text += ':';
    text += part;
    first = false;
  }
  return text;
}

}  // namespace

std::string computeHa1(DigestAlgorithm algorithm, std::string_view username, std::string_view realm,
                       std::string_view password) {
  return digestHex(algorithm, joined({username, realm, password}));
}

std::string computeResponse(DigestAlgorithm algorithm, const ResponseInput& input) {
  std::string ha2Text = joined({input.method, input.uri});
  if (input.qop == "auth-int") ha2Text += ":" + digestHex(algorithm, input.body);
  const std::string ha2 = digestHex(algorithm, ha2Text);
  if (input.qop.empty()) return digestHex(algorithm, joined({input.ha1, input.nonce, ha2}));
  return digestHex(algorithm,
                   joined({input.ha1, input.nonce, input.nc, input.cnonce, input.qop, ha2}));
}

}  // namespace kemid::auth
