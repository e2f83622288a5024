#include "http/json_rpc.h"

#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/ParseHandler.h>
#include <Poco/JSON/Parser.h>

#include <cmath>
#include <cstdio>
#include <exception>
#include <optional>
#include <sstream>
#include <vector>

#include "core/log.h"
#include "core/module_abi.h"
#include "core/rpc_registry.h"

namespace kemid {

namespace {

const Logger kLog{"http"};

constexpr int kDefaultFaultCode = 500;
// Kamailio answers a fault with code 0 as JSON-RPC's generic server error.
constexpr int kServerErrorCode = -32000;

void writeString(std::ostream& out, const std::string& text) {
  out << '"';
  for (unsigned char c : text) {
    switch (c) {
      case '"':
        out << "\\\"";
        break;
      case '\\':
        out << "\\\\";
        break;
      case '\n':
        out << "\\n";
        break;
      case '\r':
        out << "\\r";
        break;
      case '\t':
        out << "\\t";
        break;
      case '\b':
        out << "\\b";
        break;
      case '\f':
        out << "\\f";
        break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out << buf;
        } else {
          out << static_cast<char>(c);
        }
    }
  }
  out << '"';
}

void writeNumber(std::ostream& out, double value) {
  if (!std::isfinite(value)) {
    out << "null";
    return;
  }
  char buf[32];
  if (std::floor(value) == value && std::fabs(value) < 1e15) {
    std::snprintf(buf, sizeof buf, "%.0f", value);
  } else {
    std::snprintf(buf, sizeof buf, "%1.15g", value);
  }
  out << buf;
}

void writeValue(std::ostream& out, const Poco::Dynamic::Var& value, int depth);

void writeObject(std::ostream& out, const Poco::JSON::Object& object, int depth) {
  if (object.size() == 0) {
    out << "{}";
    return;
  }
  out << "{\n";
  std::size_t left = object.size();
  // Poco keeps insertion order only for objects made with
  // JSON_PRESERVE_KEY_ORDER; getNames() honours either.
  for (const std::string& name : object.getNames()) {
    out << std::string(depth + 1, '\t');
    writeString(out, name);
    out << ":\t";
    writeValue(out, object.get(name), depth + 1);
    out << (--left > 0 ? ",\n" : "\n");
  }
  out << std::string(depth, '\t') << '}';
}

void writeArray(std::ostream& out, const Poco::JSON::Array& array, int depth) {
  out << '[';
  for (std::size_t i = 0; i < array.size(); ++i) {
    if (i > 0) out << ", ";
    writeValue(out, array.get(static_cast<unsigned int>(i)), depth);
  }
  out << ']';
}

void writeValue(std::ostream& out, const Poco::Dynamic::Var& value, int depth) {
  if (value.isEmpty()) {
    out << "null";
  } else if (value.type() == typeid(Poco::JSON::Object::Ptr)) {
    const auto& object = value.extract<Poco::JSON::Object::Ptr>();
    if (object.isNull()) {
      out << "null";
    } else {
      writeObject(out, *object, depth);
    }
  } else if (value.type() == typeid(Poco::JSON::Object)) {
    writeObject(out, value.extract<Poco::JSON::Object>(), depth);
  } else if (value.type() == typeid(Poco::JSON::Array::Ptr)) {
    const auto& array = value.extract<Poco::JSON::Array::Ptr>();
    if (array.isNull()) {
      out << "null";
    } else {
      writeArray(out, *array, depth);
    }
  } else if (value.type() == typeid(Poco::JSON::Array)) {
    writeArray(out, value.extract<Poco::JSON::Array>(), depth);
  } else if (value.isArray() && !value.isString()) {
    out << '[';
    for (std::size_t i = 0; i < value.size(); ++i) {
      if (i > 0) out << ", ";
      writeValue(out, value[i], depth);
    }
    out << ']';
  } else if (value.isBoolean()) {
    out << (value.extract<bool>() ? "true" : "false");
  } else if (value.isInteger()) {
    out << value.convert<std::string>();
  } else if (value.isNumeric()) {
    writeNumber(out, value.convert<double>());
  } else {
    writeString(out, value.convert<std::string>());
  }
}

std::string reasonFor(int status) {
  switch (status) {
    case 400:
      return "Bad Request";
    case 404:
      return "Not Found";
    case 500:
      return "Internal Server Error";
    default:
      return "Error";
  }
}

// The reply envelope, with `member` ("result" or "error") already printed.
std::string envelope(const std::string& member, const std::string& printed,
                     const std::optional<Poco::Dynamic::Var>& id) {
  std::ostringstream out;
  out << "{\n\t\"jsonrpc\":\t\"2.0\",\n\t\"" << member << "\":\t" << printed;
  if (id) {
    out << ",\n\t\"id\":\t";
    writeValue(out, *id, 1);
  }
  out << "\n}";
  return out.str();
}

HttpAnswer faultAnswer(int code, const std::string& message,
                       const std::optional<Poco::Dynamic::Var>& id) {
  std::ostringstream error;
  error << "{\n\t\t\"code\":\t" << code << ",\n\t\t\"message\":\t";
  writeString(error, message);
  error << "\n\t}";
  HttpAnswer answer;
  answer.status = code > 100 && code < 600 ? code : kDefaultFaultCode;
  answer.reason = message.empty() ? reasonFor(answer.status) : message;
  answer.body = envelope("error", error.str(), id);
  return answer;
}

HttpAnswer resultAnswer(const Poco::Dynamic::Var& result,
                        const std::optional<Poco::Dynamic::Var>& id) {
  HttpAnswer answer;
  std::ostringstream printed;
  if (result.isEmpty()) {
    printed << "{}";  // methods that add nothing
  } else {
    writeValue(printed, result, 1);
  }
  answer.body = envelope("result", printed.str(), id);
  return answer;
}

// A handler read a parameter as a type it does not have (a struct where a
// string was expected, "abc" as a number): the caller's mistake, not ours.
HttpAnswer invalidParameters(const std::string& method, const Poco::Exception& e,
                             const std::optional<Poco::Dynamic::Var>& id) {
  kLog.dbg("RPC ", method, ": invalid parameters: ", e.displayText());
  return faultAnswer(400, "Invalid Parameters", id);
}

}  // namespace

std::string prettyJson(const Poco::Dynamic::Var& value) {
  std::ostringstream out;
  writeValue(out, value, 0);
  return out.str();
}

HttpAnswer JsonRpcDispatcher::handle(std::string_view body) const {
  Poco::Dynamic::Var parsed;
  try {
    Poco::JSON::Parser parser(new Poco::JSON::ParseHandler(true));
    parsed = parser.parse(std::string(body));
  } catch (const std::exception&) {
    // Kamailio closes the connection; an HTTP client is better told.
    return faultAnswer(400, "Parse Error", std::nullopt);
  }
  if (parsed.type() != typeid(Poco::JSON::Object::Ptr)) {
    return resultAnswer({}, std::nullopt);  // a batch: unsupported, as Kamailio
  }
  const auto request = parsed.extract<Poco::JSON::Object::Ptr>();
  std::optional<Poco::Dynamic::Var> id;
  if (request->has("id")) id = request->get("id");
  Poco::Dynamic::Var version = request->get("jsonrpc");
  if (version.isEmpty() || !version.isString() || version.extract<std::string>() != "2.0") {
    return resultAnswer({}, id);  // Kamailio's quirk: a result, not an error
  }
  Poco::Dynamic::Var methodVar = request->get("method");
  if (methodVar.isEmpty() || !methodVar.isString()) {
    return faultAnswer(kDefaultFaultCode, "Method Not Found", id);
  }
  const std::string method = methodVar.extract<std::string>();
  const RpcRegistry::Command* command = registry_.find(method);
  if (command == nullptr) return faultAnswer(kDefaultFaultCode, "Method Not Found", id);

  // Params as an array, or an object's members positionally (names ignored).
  std::vector<Poco::Dynamic::Var> params;
  Poco::Dynamic::Var paramsVar = request->get("params");
  if (paramsVar.type() == typeid(Poco::JSON::Array::Ptr)) {
    const auto array = paramsVar.extract<Poco::JSON::Array::Ptr>();
    for (std::size_t i = 0; i < array->size(); ++i) {
      params.push_back(array->get(static_cast<unsigned int>(i)));
    }
  } else if (paramsVar.type() == typeid(Poco::JSON::Object::Ptr)) {
    const auto object = paramsVar.extract<Poco::JSON::Object::Ptr>();
    for (const std::string& name : object->getNames()) params.push_back(object->get(name));
  } else if (!paramsVar.isEmpty()) {
    params.push_back(paramsVar);
  }

  Poco::Dynamic::Var result;
  RpcFault fault{0, {}};
  RpcCall call{command->state, params, &result, &fault};
  auto observed = [&](HttpAnswer answer) {
    if (observer_) observer_(method, answer.status == 200);
    return answer;
  };
  try {
    command->def->handler(call);
  } catch (const Poco::BadCastException& e) {
    return observed(invalidParameters(method, e, id));
  } catch (const Poco::InvalidAccessException& e) {
    return observed(invalidParameters(method, e, id));
  } catch (const Poco::RangeException& e) {
    return observed(invalidParameters(method, e, id));
  } catch (const Poco::SyntaxException& e) {
    return observed(invalidParameters(method, e, id));
  } catch (const std::exception& e) {
    kLog.err("RPC ", method, " failed: ", e.what());
    return observed(faultAnswer(kDefaultFaultCode, "Internal Error", id));
  }
  if (fault.code != 0) return observed(faultAnswer(fault.code, fault.message, id));
  if (!fault.message.empty()) return observed(faultAnswer(kServerErrorCode, fault.message, id));
  try {
    return observed(resultAnswer(result, id));
  } catch (const std::exception& e) {
    kLog.err("RPC ", method, ": result not printable: ", e.what());
    return observed(faultAnswer(kDefaultFaultCode, "Internal Error", id));
  }
}

}  // namespace kemid
