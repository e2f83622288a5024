#include "sip/osip_support.h"

#include <cstdarg>
#include <cstdio>
#include <mutex>

#include "sip/ascii.h"

namespace kemid::sip {

namespace {

thread_local std::string* errorSink = nullptr;

// libosip2's trace callback: keeps the first message of a failed parse.
void captureTrace(const char* /*file*/, int /*line*/, osip_trace_level_t /*level*/,
                  const char* format, va_list args) {
  if (errorSink == nullptr || !errorSink->empty()) return;
  va_list copy;
  va_copy(copy, args);
  int size = std::vsnprintf(nullptr, 0, format, copy);
  va_end(copy);
  if (size <= 0) return;
  std::string text(static_cast<std::size_t>(size) + 1, '\0');
  std::vsnprintf(text.data(), text.size(), format, args);
  text.resize(static_cast<std::size_t>(size));
  *errorSink = std::string(trimLws(text));
}

std::vector<SipParam> toParams(const osip_list_t& list) {
  std::vector<SipParam> params;
  forEachOsip<osip_uri_param_t>(list, [&](const osip_uri_param_t* param) {
    SipParam out{std::string(view(param->gname)), std::nullopt};
    if (param->gvalue != nullptr) out.value = param->gvalue;
    params.push_back(std::move(out));
    return true;
  });
  return params;
}

void addParams(osip_list_t& list, const std::vector<SipParam>& params) {
  for (const auto& param : params) {
    osip_uri_param_add(&list, osipCopy(param.name), param.value ? osipCopy(*param.value) : nullptr);
  }
}

}  // namespace

void ensureOsipReady() {
  static std::once_flag once;
  std::call_once(once, [] {
    parser_init();
    // Level 3 enables the levels below it: fatal, bug and error.
    osip_trace_initialize_func(TRACE_LEVEL3, &captureTrace);
  });
}

OsipErrorCapture::OsipErrorCapture() : previous_(errorSink) {
  errorSink = &text_;
}

OsipErrorCapture::~OsipErrorCapture() {
  errorSink = previous_;
}

void OsipStringFree::operator()(char* text) const {
  osip_free(text);
}

char* osipCopy(std::string_view text) {
  auto* copy = static_cast<char*>(osip_malloc(text.size() + 1));
  if (copy == nullptr) return nullptr;
  std::memcpy(copy, text.data(), text.size());
  copy[text.size()] = '\0';
  return copy;
}

osip_generic_param_t* findOsipParam(const osip_list_t& params, std::string_view name) {
  osip_generic_param_t* found = nullptr;
  forEachOsip<osip_generic_param_t>(params, [&](osip_generic_param_t* param) {
    if (iequals(view(param->gname), name)) found = param;
    return found == nullptr;
  });
  return found;
}

void setOsipParam(osip_list_t& params, std::string_view name, std::optional<std::string_view> value,
                  std::string_view before) {
  char* newValue = value ? osipCopy(*value) : nullptr;
  if (osip_generic_param_t* param = findOsipParam(params, name)) {
    osip_free(param->gvalue);
    param->gvalue = newValue;
    return;
  }
  int position = -1;  // the end
  if (!before.empty()) {
    int index = 0;
    forEachOsip<osip_generic_param_t>(params, [&](const osip_generic_param_t* param) {
      if (iequals(view(param->gname), before)) position = index;
      ++index;
      return position < 0;
    });
  }
  osip_generic_param_t* param = nullptr;
  if (osip_generic_param_init(&param) != 0) {
    osip_free(newValue);
    return;
  }
  param->gname = osipCopy(name);
  param->gvalue = newValue;
  osip_list_add(&params, param, position);
}

std::optional<ViaHeader> toViaHeader(const osip_via_t& via) {
  if (via.host == nullptr) return std::nullopt;
  ViaHeader out;
  out.transport = view(via.protocol);
  out.host = via.host;
  if (via.port != nullptr) {
    out.port = parsePort(via.port);
    if (!out.port) return std::nullopt;
  }
  bool valid = true;
  forEachOsip<osip_generic_param_t>(via.via_params, [&](const osip_generic_param_t* param) {
    std::string_view name = view(param->gname);
    std::string_view value = view(param->gvalue);
    if (iequals(name, "branch") && out.branch.empty()) {
      out.branch = value;
    } else if (iequals(name, "received") && !out.received) {
      out.received = std::string(value);
    } else if (iequals(name, "rport") && !out.hasRport) {
      out.hasRport = true;
      if (param->gvalue != nullptr) {
        out.rport = parsePort(value);
        valid = out.rport.has_value();
      }
    } else {
      SipParam other{std::string(name), std::nullopt};
      if (param->gvalue != nullptr) other.value = std::string(value);
      out.otherParams.push_back(std::move(other));
    }
    return valid;
  });
  if (!valid) return std::nullopt;
  return out;
}

std::optional<SipUri> toSipUri(const osip_uri_t& uri) {
  SipUri out;
  out.scheme = view(uri.scheme);
  if (uri.string != nullptr) {
    out.opaque = uri.string;
    return out;
  }
  if (uri.host == nullptr || *uri.host == '\0') return std::nullopt;
  out.user = view(uri.username);
  out.password = view(uri.password);
  out.host = uri.host;
  if (uri.port != nullptr && *uri.port != '\0') {
    out.port = parsePort(uri.port);
    if (!out.port) return std::nullopt;
  }
  out.params = toParams(uri.url_params);
  out.headers = toParams(uri.url_headers);
  return out;
}

OsipUri toOsipUri(const SipUri& uri) {
  osip_uri_t* raw = nullptr;
  if (osip_uri_init(&raw) != 0) return nullptr;
  OsipUri out(raw);
  out->scheme = osipCopy(uri.scheme);
  if (!uri.opaque.empty() || uri.host.empty()) {
    out->string = osipCopy(uri.opaque);
    return out;
  }
  if (!uri.user.empty()) out->username = osipCopy(uri.user);
  if (!uri.password.empty()) out->password = osipCopy(uri.password);
  out->host = osipCopy(uri.host);
  if (uri.port) out->port = osipCopy(std::to_string(*uri.port));
  addParams(out->url_params, uri.params);
  addParams(out->url_headers, uri.headers);
  return out;
}

}  // namespace kemid::sip
