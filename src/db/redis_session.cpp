#include "db/redis_session.h"

#include <Poco/Exception.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/Redis/Array.h>
#include <Poco/Redis/Client.h>
#include <Poco/Redis/Error.h>
#include <Poco/Redis/RedisStream.h>
#include <Poco/Redis/Type.h>

#include <charconv>
#include <string>

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

// AUTH [user] password, when the URL (or else options) gives a password.
template <class Run>
void authenticate(const db::DbUrl& url, const RedisSessionOptions& options, Run run) {
  const std::string& password = url.password.empty() ? options.password : url.password;
  if (password.empty()) return;
  RedisCommand auth{"AUTH"};
  if (!url.user.empty()) auth.push_back(url.user);
  auth.push_back(password);
  expectOk(run(auth), "AUTH");
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
  authenticate(url, options, [this](const RedisCommand& command) { return run(command); });
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

RedisSubscriber::RedisSubscriber(const db::DbUrl& url, const RedisSessionOptions& options,
                                 const std::vector<std::string>& channels)
    : socket_(std::make_unique<Poco::Net::StreamSocket>()) {
  const std::string host = url.host.empty() ? std::string("127.0.0.1") : url.host;
  const auto port = static_cast<Poco::UInt16>(url.port.value_or(kDefaultPort));
  guarded("connecting to redis", [&] {
    socket_->connect(Poco::Net::SocketAddress(host, port), span(options.connectTimeout));
    socket_->setReceiveTimeout(span(options.ioTimeout));
  });
  input_ = std::make_unique<Poco::Redis::RedisInputStream>(*socket_);
  authenticate(url, options, [this](const RedisCommand& command) { return call(command); });
  RedisCommand subscribe{"SUBSCRIBE"};
  subscribe.insert(subscribe.end(), channels.begin(), channels.end());
  guarded("SUBSCRIBE", [&] {
    const std::string text = toArray(subscribe).toString();
    socket_->sendBytes(text.data(), static_cast<int>(text.size()));
  });
  for (std::size_t i = 0; i < channels.size(); ++i) expectOk(read(), "SUBSCRIBE");
}

RedisSubscriber::~RedisSubscriber() {
  input_.reset();
  try {
    socket_->close();
  } catch (const Poco::Exception&) {
    // Closing a broken socket: nothing left to do.
  }
}

RedisReply RedisSubscriber::call(const RedisCommand& command) {
  guarded("redis", [&] {
    const std::string text = toArray(command).toString();
    socket_->sendBytes(text.data(), static_cast<int>(text.size()));
  });
  return read();
}

RedisReply RedisSubscriber::read() {
  return guarded("redis", [&] {
    const int marker = input_->get();
    if (marker == std::char_traits<char>::eof()) {
      throw RedisFault(RedisFault::Kind::Lost, "redis: the connection was closed");
    }
    Poco::Redis::RedisType::Ptr reply =
        Poco::Redis::RedisType::createRedisType(static_cast<char>(marker));
    if (reply.isNull()) throw RedisFault(RedisFault::Kind::Lost, "redis: malformed reply");
    reply->read(*input_);
    return convert(reply);
  });
}

std::optional<RedisSubscriber::Message> RedisSubscriber::next(std::chrono::milliseconds wait) {
  // What the stream has buffered already is not seen by poll.
  if (input_->rdbuf()->in_avail() <= 0) {
    const bool readable =
        guarded("redis", [&] { return socket_->poll(span(wait), Poco::Net::Socket::SELECT_READ); });
    if (!readable) return std::nullopt;
  }
  RedisReply reply = read();
  // A push: ["message", channel, payload].
  if (reply.kind != RedisReply::Kind::Array || reply.elements.size() != 3 ||
      reply.elements[0].text != "message") {
    return std::nullopt;
  }
  return Message{std::move(reply.elements[1].text), std::move(reply.elements[2].text)};
}

}  // namespace kemid::db_redis
