#include "core/module_host.h"

#include <cxxabi.h>

#include <cstdlib>
#include <memory>

#include "core/log.h"

namespace kemid {

namespace {

const Logger kLog("core");

std::string readableType(const char* mangled) {
  int status = 0;
  std::unique_ptr<char, decltype(&std::free)> name(
      abi::__cxa_demangle(mangled, nullptr, nullptr, &status), &std::free);
  return status == 0 && name ? std::string(name.get()) : std::string(mangled);
}

}  // namespace

bool ModuleHost::matches(const Published& published, std::string_view name, std::uint32_t version,
                         const char* typeName, std::string* mismatch) {
  // Type names are compared as text: each module has its own type_info.
  const bool sameType = published.typeName == typeName;
  if (sameType && published.version == version) return true;
  std::string why = "API \"" + std::string(name) + "\": the loaded module publishes " +
                    readableType(published.typeName.c_str()) + " version " +
                    std::to_string(published.version) +
                    ", the module asking for it was built for " + readableType(typeName) +
                    " version " + std::to_string(version);
  kLog.err(why);
  if (mismatch != nullptr) *mismatch = std::move(why);
  return false;
}

}  // namespace kemid
