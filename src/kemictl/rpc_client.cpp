#include "kemictl/rpc_client.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Stringifier.h>

#include <charconv>
#include <sstream>

namespace kemid::ctl {

namespace {

Poco::Dynamic::Var argumentValue(const std::string& arg) {
  if (arg.rfind("s:", 0) == 0) return arg.substr(2);
  if (arg.rfind("i:", 0) == 0) return std::stoll(arg.substr(2));
  long long integer = 0;
  auto [end, ec] = std::from_chars(arg.data(), arg.data() + arg.size(), integer);
  if (!arg.empty() && ec == std::errc() && end == arg.data() + arg.size()) return integer;
  double real = 0;
  auto [dend, dec] = std::from_chars(arg.data(), arg.data() + arg.size(), real);
  if (!arg.empty() && dec == std::errc() && dend == arg.data() + arg.size()) return real;
  return arg;
}

std::string compact(const Poco::Dynamic::Var& value) {
  std::ostringstream out;
  Poco::JSON::Stringifier::stringify(value, out, 0, -1);
  return out.str();
}

std::string scalar(const Poco::Dynamic::Var& value) {
  if (value.isEmpty()) return "null";
  if (value.type() == typeid(Poco::JSON::Object::Ptr) ||
      value.type() == typeid(Poco::JSON::Array::Ptr)) {
    return compact(value);
  }
  return value.convert<std::string>();
}

void printObject(std::ostream& out, const Poco::JSON::Object& object, const std::string& indent) {
  for (const std::string& name : object.getNames()) {
    out << indent << name << ": " << scalar(object.get(name)) << "\n";
  }
}

}  // namespace

std::string buildRequest(const std::string& method, const std::vector<std::string>& args) {
  Poco::JSON::Object request(Poco::JSON_PRESERVE_KEY_ORDER);
  request.set("jsonrpc", std::string("2.0"));
  request.set("method", method);
  Poco::JSON::Array::Ptr params = new Poco::JSON::Array();
  for (const auto& arg : args) params->add(argumentValue(arg));
  request.set("params", params);
  request.set("id", 1);
  std::ostringstream out;
  request.stringify(out);
  return out.str();
}

std::string humanReadable(const Poco::Dynamic::Var& result) {
  std::ostringstream out;
  if (result.type() == typeid(Poco::JSON::Object::Ptr)) {
    printObject(out, *result.extract<Poco::JSON::Object::Ptr>(), "");
  } else if (result.type() == typeid(Poco::JSON::Array::Ptr)) {
    const auto& array = *result.extract<Poco::JSON::Array::Ptr>();
    for (std::size_t i = 0; i < array.size(); ++i) {
      Poco::Dynamic::Var item = array.get(static_cast<unsigned int>(i));
      if (item.type() == typeid(Poco::JSON::Object::Ptr)) {
        out << "{\n";
        printObject(out, *item.extract<Poco::JSON::Object::Ptr>(), "\t");
        out << "}\n";
      } else {
        out << scalar(item) << "\n";
      }
    }
  } else {
    out << scalar(result) << "\n";
  }
  return out.str();
}

}  // namespace kemid::ctl
