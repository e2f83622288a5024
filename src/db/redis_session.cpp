#include "db/redis_session.h"

#include <Poco/Exception.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Redis/Array.h>
#include <Poco/Redis/Client.h>
#include <Poco/Redis/Error.h>
#include <Poco/Redis/Type.h>

#include <charconv>

namespace kemid::db_redis {

namespace {

constexpr std::uint16_t kDefaultPort = 6379;

Poco::Timespan span(std::chrono::milliseconds ms) {
  return Poco::Timespan(static_cast<Poco::Timespan::TimeDiff>(ms.count()) * 1000);
}

RedisReply convert(const Poco::Redis::RedisType::Ptr& reply) {
  using namespace Poco::Redis;
  RedisReply out;
  if (reply.isNull()) return out;
  switch (reply->type()) {
    case RedisType::REDIS_INTEGER:
      out.kind = RedisReply::Kind::Integer;
      out.integer = dynamic_cast<const Type<Poco::Int64>&>(*reply).value();
      break;
    case RedisType::REDIS_SIMPLE_STRING:
      out.kind = RedisReply::Kind::Status;
      out.text = dynamic_cast<const Type<std::string>&>(*reply).value();
      break;
    case RedisType::REDIS_BULK_STRING: {
      const BulkString& bulk = dynamic_cast<const Type<BulkString>&>(*reply).value();
      if (!bulk.isNull()) {
        out.kind = RedisReply::Kind::Text;
        out.text = bulk.value();
      }
      break;
    }
    case RedisType::REDIS_ARRAY: {
      const Array& array = dynamic_cast<const Type<Array>&>(*reply).value();
      if (array.isNull()) break;
      out.kind = RedisReply::Kind::Array;
      for (const RedisType::Ptr& element : array) out.elements.push_back(convert(element));
      break;
    }
    case RedisType::REDIS_ERROR:
      out.kind = RedisReply::Kind::Error;
      out.text = dynamic_cast<const Type<Error>&>(*reply).value().getMessage();
      break;
  }
  return out;
}

Poco::Redis::Array toArray(const RedisCommand& command) {
  Poco::Redis::Array array;
  for (const std::string& word : command) array.add(word);
  return array;
}

// Runs `body`, turning Poco's exceptions into RedisFault.
template <class Body>
auto guarded(const char* what, Body body) {
  try {
    return body();
  } catch (const Poco::TimeoutException& e) {
    throw RedisFault(RedisFault::Kind::Timeout, std::string(what) + ": " + e.displayText());
  } catch (const Poco::Exception& e) {
    throw RedisFault(RedisFault::Kind::Lost, std::string(what) + ": " + e.displayText());
  } catch (const std::bad_cast&) {
    throw RedisFault(RedisFault::Kind::Lost, std::string(what) + ": malformed reply");
  }
}

void expectOk(const RedisReply& reply, const std::string& what) {
  if (reply.isError()) throw RedisFault(RedisFault::Kind::Lost, what + ": " + reply.text);
}

}  // namespace

std::optional<int> databaseNumber(const db::DbUrl& url) {
  if (url.database.empty()) return 0;
  int number = 0;
  const char* end = url.database.data() + url.database.size();
  const auto [last, ec] = std::from_chars(url.database.data(), end, number);
  if (ec != std::errc() || last != end || number < 0) return std::nullopt;
  return number;
}

RedisSession::RedisSession(const db::DbUrl& url, const RedisSessionOptions& options)
    : client_(std::make_unique<Poco::Redis::Client>()), ioTimeout_(options.ioTimeout) {
  const std::string host = url.host.empty() ? std::string("127.0.0.1") : url.host;
  const int port = url.port.value_or(kDefaultPort);
  guarded("connecting to redis", [&] {
    if (options.unixSocket.empty()) {
      client_->connect(host, port, span(options.connectTimeout));
    } else {
      client_->connect(
          Poco::Net::SocketAddress(Poco::Net::SocketAddress::UNIX_LOCAL, options.unixSocket),
          span(options.connectTimeout));
    }
    client_->setReceiveTimeout(span(options.ioTimeout));
  });
  const std::string& password = url.password.empty() ? options.password : url.password;
  if (!password.empty()) {
    RedisCommand auth{"AUTH"};
    if (!url.user.empty()) auth.push_back(url.user);
    auth.push_back(password);
    expectOk(run(auth), "AUTH");
  }
  if (const int number = databaseNumber(url).value_or(0); number != 0) {
    expectOk(run({"SELECT", std::to_string(number)}), "SELECT " + std::to_string(number));
  }
}

RedisSession::~RedisSession() {
  try {
    client_->disconnect();
  } catch (const Poco::Exception&) {
    // Closing a broken socket: nothing left to do.
  }
}

// Poco's reply stream reports a read timeout as a lost connection; a call
// that failed after waiting the whole timeout was a timeout.
template <class Body>
auto RedisSession::timed(Body body) {
  const auto start = std::chrono::steady_clock::now();
  try {
    return guarded("redis", body);
  } catch (const RedisFault& fault) {
    if (fault.kind == RedisFault::Kind::Lost &&
        std::chrono::steady_clock::now() - start >= ioTimeout_) {
      throw RedisFault(RedisFault::Kind::Timeout,
                       "redis: no reply within " + std::to_string(ioTimeout_.count()) + " ms");
    }
    throw;
  }
}

std::vector<RedisReply> RedisSession::run(const std::vector<RedisCommand>& commands) {
  return timed([&] {
    std::vector<Poco::Redis::Array> arrays;
    arrays.reserve(commands.size());
    for (const RedisCommand& command : commands) arrays.push_back(toArray(command));
    const Poco::Redis::Array replies = client_->sendCommands(arrays);
    std::vector<RedisReply> out;
    for (const Poco::Redis::RedisType::Ptr& reply : replies) out.push_back(convert(reply));
    if (out.size() != commands.size()) {
      throw RedisFault(RedisFault::Kind::Lost, "redis: fewer replies than commands");
    }
    return out;
  });
}

RedisReply RedisSession::run(const RedisCommand& command) {
  return timed([&] { return convert(client_->sendCommand(toArray(command))); });
}

}  // namespace kemid::db_redis
