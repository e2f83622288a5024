// otherabi: a module built against another module ABI. Only abiVersion may be
// read; the loader must refuse it before it looks at anything else.

#include "core/module_abi.h"

namespace kemid::test::otherabi {
namespace {

constexpr ModuleDescriptor kDescriptor{
    .abiVersion = 7,
    .name = "otherabi",
};

}  // namespace
}  // namespace kemid::test::otherabi

extern "C" const kemid::ModuleDescriptor* kemid_module_descriptor() {
  return &kemid::test::otherabi::kDescriptor;
}
