#include "fake_modules.h"

#include <array>
#include <atomic>
#include <fstream>
#include <random>
#include <stdexcept>

namespace kemid::app_lua::testing {
namespace {

constexpr auto I = KemiType::Int;
constexpr auto S = KemiType::Str;

std::atomic<ReenterHook> gReenter{nullptr};

std::string render(const KemiArg& arg) {
  if (const auto* i = std::get_if<std::int64_t>(&arg)) return "i:" + std::to_string(*i);
  const auto s = std::get<std::string_view>(arg);
  if (s.data() == nullptr) return "s:<null>";
  return "s:" + std::string(s);
}

// Records "name(arg,arg...)".
void note(std::string_view name, const KemiCall& call) {
  std::string line(name);
  line += '(';
  for (std::size_t i = 0; i < call.args.size(); ++i) {
    if (i > 0) line += ',';
    line += render(call.args[i]);
  }
  line += ')';
  recorded().push_back(std::move(line));
}

// ---- core ---------------------------------------------------------------

KemiValue coreLog(KemiCall& call) {
  note("log", call);
  return {};
}
KemiValue coreNoParams(KemiCall& call) {
  note("noparams", call);
  return std::int64_t{7};
}
KemiValue coreSetFlag(KemiCall& call) {
  const auto f = call.intArg(0);
  if (f < 0 || f > 31) return false;
  call.context->flags |= 1u << f;
  return true;
}
KemiValue coreIsFlagSet(KemiCall& call) {
  const auto f = call.intArg(0);
  return f >= 0 && f <= 31 && (call.context->flags & (1u << f)) != 0;
}
KemiValue coreSetBFlag(KemiCall& call) {
  note("setbflag", call);
  return true;
}
KemiValue coreSetBIFlag(KemiCall& call) {
  note("setbiflag", call);
  return true;
}
KemiValue coreSetDstUri(KemiCall& call) {
  call.context->dstUri = std::string(call.strArg(0));
  return true;
}
KemiValue coreIsMyself(KemiCall& call) {
  return call.strArg(0) == "sip:127.0.0.1";
}

constexpr std::array kCore{
    KemiFunctionDef{.name = "info", .returns = KemiType::None, .params = {S}, .handler = &coreLog},
    KemiFunctionDef{.name = "dbg", .returns = KemiType::None, .params = {S}, .handler = &coreLog},
    KemiFunctionDef{.name = "err", .returns = KemiType::None, .params = {S}, .handler = &coreLog},
    KemiFunctionDef{
        .name = "log", .returns = KemiType::None, .params = {S, S}, .handler = &coreLog},
    KemiFunctionDef{
        .name = "noparams", .returns = KemiType::Int, .params = {}, .handler = &coreNoParams},
    KemiFunctionDef{
        .name = "setflag", .returns = KemiType::Bool, .params = {I}, .handler = &coreSetFlag},
    KemiFunctionDef{
        .name = "isflagset", .returns = KemiType::Bool, .params = {I}, .handler = &coreIsFlagSet},
    KemiFunctionDef{
        .name = "setbflag", .returns = KemiType::Bool, .params = {I}, .handler = &coreSetBFlag},
    KemiFunctionDef{.name = "setbiflag",
                    .returns = KemiType::Bool,
                    .params = {I, I},
                    .handler = &coreSetBIFlag},
    KemiFunctionDef{
        .name = "setdsturi", .returns = KemiType::Bool, .params = {S}, .handler = &coreSetDstUri},
    KemiFunctionDef{
        .name = "is_myself", .returns = KemiType::Bool, .params = {S}, .handler = &coreIsMyself},
};

// ---- fake -----------------------------------------------------------------

KemiValue fakeRecord(KemiCall& call) {
  recorded().emplace_back(call.strArg(0));
  return {};
}
KemiValue fakeInt(KemiCall& call) {
  note("i1", call);
  return call.intArg(0);
}
KemiValue fakeStr(KemiCall& call) {
  note("s1", call);
  const auto s = call.strArg(0);
  if (s.data() == nullptr) return {};
  return std::string(s);
}
KemiValue fakeLen(KemiCall& call) {
  return static_cast<std::int64_t>(call.strArg(0).size());
}
KemiValue fakeSix(KemiCall& call) {
  note("six", call);
  return std::int64_t{6};
}
KemiValue fakeBool(KemiCall& call) {
  return call.intArg(0) != 0;
}
KemiValue fakeNone(KemiCall& call) {
  note("none", call);
  return {};
}
KemiValue fakeXval(KemiCall& call) {
  switch (call.intArg(0)) {
    case 1:
      return std::int64_t{42};
    case 2:
      return std::string("str");
    case 3:
      return true;
    case 4:
      return false;
    default:
      return {};
  }
}
KemiValue fakeThrows(KemiCall&) {
  throw std::runtime_error("fake failure");
}
KemiValue fakeBoolAsInt(KemiCall&) {
  return true;
}
KemiValue fakeDstUri(KemiCall& call) {
  return call.context->dstUri;
}
KemiValue fakeHasContext(KemiCall& call) {
  return call.context != nullptr;
}
KemiValue fakeReenter(KemiCall& call) {
  if (auto hook = gReenter.load()) hook(call.strArg(0), *call.context);
  return std::int64_t{1};
}

constexpr std::array kFake{
    KemiFunctionDef{
        .name = "record", .returns = KemiType::None, .params = {S}, .handler = &fakeRecord},
    KemiFunctionDef{.name = "i1", .returns = KemiType::Int, .params = {I}, .handler = &fakeInt},
    KemiFunctionDef{.name = "s1", .returns = KemiType::XVal, .params = {S}, .handler = &fakeStr},
    KemiFunctionDef{.name = "len", .returns = KemiType::Int, .params = {S}, .handler = &fakeLen},
    KemiFunctionDef{
        .name = "six", .returns = KemiType::Int, .params = {I, S, I, S, I, S}, .handler = &fakeSix},
    KemiFunctionDef{.name = "b", .returns = KemiType::Bool, .params = {I}, .handler = &fakeBool},
    KemiFunctionDef{.name = "none", .returns = KemiType::None, .params = {}, .handler = &fakeNone},
    KemiFunctionDef{.name = "x", .returns = KemiType::XVal, .params = {I}, .handler = &fakeXval},
    KemiFunctionDef{
        .name = "throws", .returns = KemiType::Int, .params = {}, .handler = &fakeThrows},
    KemiFunctionDef{
        .name = "bool_as_int", .returns = KemiType::Int, .params = {}, .handler = &fakeBoolAsInt},
    KemiFunctionDef{
        .name = "dsturi", .returns = KemiType::XVal, .params = {}, .handler = &fakeDstUri},
    KemiFunctionDef{
        .name = "has_context", .returns = KemiType::Bool, .params = {}, .handler = &fakeHasContext},
    KemiFunctionDef{
        .name = "reenter", .returns = KemiType::Int, .params = {S}, .handler = &fakeReenter},
};

// ---- pv, hdr ------------------------------------------------------------

KemiValue pvGet(KemiCall& call) {
  if (call.strArg(0) == "$du") return call.context->dstUri;
  return {};
}
KemiValue pvSets(KemiCall& call) {
  note("pv.sets", call);
  return std::int64_t{1};
}
KemiValue hdrAppend(KemiCall& call) {
  note("hdr.append", call);
  return std::int64_t{1};
}

constexpr std::array kPv{
    KemiFunctionDef{.name = "get", .returns = KemiType::XVal, .params = {S}, .handler = &pvGet},
    KemiFunctionDef{.name = "sets", .returns = KemiType::Int, .params = {S, S}, .handler = &pvSets},
};

constexpr std::array kHdr{
    KemiFunctionDef{
        .name = "append", .returns = KemiType::Int, .params = {S}, .handler = &hdrAppend},
};

}  // namespace

std::vector<std::string>& recorded() {
  thread_local std::vector<std::string> calls;
  return calls;
}

void registerFakeModules(KemiRegistry& registry) {
  registry.addModule("", kCore, nullptr);
  registry.addModule("fake", kFake, nullptr);
  registry.addModule("pv", kPv, nullptr);
  registry.addModule("hdr", kHdr, nullptr);
}

void setReenterHook(ReenterHook hook) {
  gReenter.store(hook);
}

TempDir::TempDir() {
  std::random_device random;
  path_ = std::filesystem::temp_directory_path() /
          ("kemid-app-lua-" + std::to_string(random()) + std::to_string(random()));
  std::filesystem::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

std::string TempDir::write(const std::string& name, std::string_view text) const {
  const auto file = path_ / name;
  std::filesystem::create_directories(file.parent_path());
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  return file.string();
}

}  // namespace kemid::app_lua::testing
