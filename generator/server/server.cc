#include "server/server.h"

// clang-format off
// Boost 1.74's asio/awaitable.hpp uses std::exchange without including <utility>.
#include <utility>
// clang-format on

#include <atomic>
#include <boost/algorithm/string/predicate.hpp>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cctype>
#include <chrono>
#include <csignal>
#include <ctime>
#include <filesystem>
#include <future>
#include <iostream>
#include <mutex>
#include <optional>
#include <string_view>
#include <thread>
#include <vector>

#include "server/http_date.h"
#include "server/request_target.h"
#include "server/static_files.h"

// GCC 12 with -fsanitize misreads the operator new/delete pair of Asio 1.74's coroutine
// frame allocator as mismatched.
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

namespace bulletin {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using Strand = asio::strand<asio::io_context::executor_type>;
using Socket = tcp::socket::rebind_executor<Strand>::other;
using Stream = beast::basic_stream<tcp, Strand>;

constexpr std::pair<std::string_view, std::string_view> kSecurityHeaders[] = {
    {"Content-Security-Policy",
     "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
     "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
     "base-uri 'self'; object-src 'none'"},
    {"X-Content-Type-Options", "nosniff"},
    {"Referrer-Policy", "same-origin"},
    {"X-Frame-Options", "DENY"},
    {"Cross-Origin-Opener-Policy", "same-origin"},
};

constexpr auto kRefusalTimeout = std::chrono::seconds(1);
constexpr auto kLingerTimeout = std::chrono::seconds(1);
constexpr size_t kMaxLingerBytes = 256 * 1024;
constexpr auto kAcceptRetryDelay = std::chrono::milliseconds(50);
// How long a stopping server waits for requests it has received to be answered.
constexpr auto kShutdownGrace = std::chrono::seconds(10);
// An event stream sends a comment this often, so a closed tab is noticed and proxies keep
// the connection open.
constexpr auto kEventHeartbeat = std::chrono::seconds(15);

auto Await(beast::error_code& ec) { return asio::redirect_error(asio::use_awaitable, ec); }

// Beast 1.74 takes boost::string_view.
beast::string_view View(std::string_view text) { return {text.data(), text.size()}; }

bool IsToken(std::string_view name) {
  if (name.empty()) return false;
  for (char c : name) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) ||
          std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos)) {
      return false;
    }
  }
  return true;
}

bool IsSafeValue(std::string_view value) {
  return value.find_first_of(std::string_view("\r\n\0", 3)) == std::string_view::npos;
}

// False if a handler produced a field that would corrupt the header block.
bool HasValidFields(const HttpHeaders& headers) {
  for (const auto& [name, value] : headers.fields()) {
    if (!IsToken(name) || !IsSafeValue(value)) return false;
  }
  return true;
}

// Copies status and fields, adding the security headers a handler did not set itself.
template <class Body>
void FillHeader(const HttpResponse& from, bool keep_alive, http::response<Body>* to) {
  to->version(11);
  to->result(static_cast<unsigned>(from.status));
  to->reason(View(ReasonPhrase(from.status)));
  for (const auto& [name, value] : from.headers.fields()) to->insert(name, value);
  for (const auto& [name, value] : kSecurityHeaders) {
    if (!from.headers.Find(name)) to->set(View(name), View(value));
  }
  to->set(http::field::date, FormatHttpDate(std::time(nullptr)));
  to->keep_alive(keep_alive);
}

// The status to answer a request that could not be read, or 0 to just close.
int StatusForReadError(const beast::error_code& ec,
                       const http::request_parser<http::string_body>& parser) {
  if (ec == http::error::body_limit) return 413;
  if (ec == http::error::header_limit) {
    // The parser fills in the target once the request line is complete: without one, the
    // request line alone was over the limit.
    size_t target_size = parser.get().target().size();
    return target_size == 0 || target_size > kMaxTargetBytes ? 414 : 431;
  }
  if (ec == http::error::end_of_stream || ec == http::error::partial_message) return 0;
  if (ec.category() == http::make_error_code(http::error::bad_method).category()) return 400;
  return 0;
}

// "192.0.2.1", also for an IPv4 client of a socket listening on "::".
std::string PeerAddress(Stream& stream) {
  beast::error_code ec;
  asio::ip::address address = stream.socket().remote_endpoint(ec).address();
  if (address.is_v6() && address.to_v6().is_v4_mapped()) {
    address = asio::ip::make_address_v4(asio::ip::v4_mapped, address.to_v6());
  }
  return address.to_string();
}

// Uploads (a staff roster) are allowed a larger body than other requests; the sign-in
// form, open to anyone, is not.
size_t BodyLimitFor(const http::request<http::string_body>& request, const ServerOptions& options) {
  if (request.method() == http::verb::post && request.target().starts_with("/manage/") &&
      !request.target().starts_with("/manage/login")) {
    return options.max_upload_body_bytes;
  }
  return options.max_body_bytes;
}

HttpRequest ToHttpRequest(http::request<http::string_body>&& from) {
  HttpRequest request;
  request.method = std::string(from.method_string());
  request.target = std::string(from.target());
  for (const auto& field : from) {
    request.headers.Add(std::string(field.name_string()), std::string(field.value()));
  }
  request.body = std::move(from.body());
  return request;
}

// After an error reply the client may still be sending. Closing with unread data would reset
// the connection, which can destroy the reply before the client reads it: read a little first.
asio::awaitable<void> LingeringClose(Stream& stream) {
  beast::error_code ec;
  stream.socket().shutdown(tcp::socket::shutdown_send, ec);
  stream.expires_after(kLingerTimeout);
  char discard[4096];
  for (size_t total = 0; !ec && total < kMaxLingerBytes;) {
    total += co_await stream.async_read_some(asio::buffer(discard), Await(ec));
  }
}

}  // namespace

class Server::Impl {
 public:
  // Counts a live connection from accept until its session ends.
  class ConnectionSlot {
   public:
    explicit ConnectionSlot(std::atomic<size_t>* count) : count_(count) { ++*count_; }
    ConnectionSlot(ConnectionSlot&& other) noexcept
        : count_(std::exchange(other.count_, nullptr)) {}
    ConnectionSlot& operator=(ConnectionSlot&&) = delete;
    ~ConnectionSlot() {
      if (count_) --*count_;
    }

   private:
    std::atomic<size_t>* count_;
  };

  bool Start(const ServerOptions& options, std::string* err);
  beast::error_code OpenAcceptor();
  void Stop();
  void Drain(std::chrono::milliseconds grace);
  void LogError(std::string_view message);

  asio::awaitable<void> Listen();
  asio::awaitable<void> Session(Socket socket, ConnectionSlot slot);
  asio::awaitable<void> Refuse(Socket socket);
  asio::awaitable<void> Write(Stream& stream, HttpResponse response, bool head, bool keep_alive,
                              beast::error_code& ec);
  asio::awaitable<void> StreamEvents(Stream& stream, HttpResponse response);
  HttpResponse Dispatch(HttpRequest& request);

  ServerOptions options;
  Router router;
  bool static_fallback = false;  // the router's fallback is ours, to renew on each Start
  std::atomic<size_t> connections{0};
  // Requests received and not yet answered, and whether Drain has begun.
  std::atomic<size_t> answering{0};
  std::atomic<bool> draining{false};
  std::mutex log_mutex;
  int port = 0;
  // Handlers run here, off the I/O threads: they may wait on the database.
  std::optional<asio::thread_pool> workers;
  // Declared last: tearing these down destroys suspended sessions, which use the above.
  std::optional<asio::io_context> io;
  std::optional<tcp::acceptor> acceptor;
  std::optional<Strand> listen_strand;
  std::vector<std::thread> threads;
};

void Server::Impl::LogError(std::string_view message) {
  std::lock_guard<std::mutex> lock(log_mutex);
  std::cerr << "bulletin serve: " << message << std::endl;
}

bool Server::Impl::Start(const ServerOptions& opts, std::string* err) {
  if (io) {
    *err = "the server is already running";
    return false;
  }
  draining = false;
  options = opts;
  options.threads = std::max(options.threads, 1);
  if (!router.has_fallback() || static_fallback) {
    router.SetFallback([files = StaticFiles(options.site_dir)](const HttpRequest& request) {
      return files.Handle(request);
    });
    static_fallback = true;
  }
  io.emplace(options.threads);
  workers.emplace(static_cast<size_t>(std::max(options.worker_threads, 1)));
  if (beast::error_code ec = OpenAcceptor()) {
    *err = "cannot listen on " + options.host + ":" + std::to_string(options.port) + ": " +
           ec.message();
    acceptor.reset();  // before the context its sockets belong to
    io.reset();
    workers->join();
    workers.reset();
    return false;
  }
  // The acceptor is used only on its strand: Listen runs there, and Drain closes it there.
  listen_strand.emplace(asio::make_strand(*io));
  asio::co_spawn(*listen_strand, Listen(), asio::detached);
  for (int i = 0; i < options.threads; ++i) {
    threads.emplace_back([this] {
      for (;;) {
        try {
          io->run();
          return;
        } catch (const std::exception& e) {
          LogError(std::string("unexpected error: ") + e.what());
        }
      }
    });
  }
  return true;
}

beast::error_code Server::Impl::OpenAcceptor() {
  beast::error_code ec;
  tcp::resolver resolver(*io);
  auto endpoints = resolver.resolve(options.host, std::to_string(options.port),
                                    tcp::resolver::passive | tcp::resolver::numeric_service, ec);
  if (ec) return ec;
  if (endpoints.empty()) return asio::error::host_not_found;
  tcp::endpoint endpoint = endpoints.begin()->endpoint();
  acceptor.emplace(*io);
  acceptor->open(endpoint.protocol(), ec);
  if (!ec) acceptor->set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor->bind(endpoint, ec);
  if (!ec) acceptor->listen(asio::socket_base::max_listen_connections, ec);
  if (!ec) port = acceptor->local_endpoint(ec).port();
  return ec;
}

void Server::Impl::Drain(std::chrono::milliseconds grace) {
  if (!io) return;
  draining = true;
  auto closed = std::make_shared<std::promise<void>>();
  asio::post(*listen_strand, [this, closed] {
    beast::error_code ec;
    if (acceptor) acceptor->close(ec);
    closed->set_value();
  });
  closed->get_future().wait_for(std::chrono::seconds(1));  // the I/O threads close it
  auto deadline = std::chrono::steady_clock::now() + grace;
  while (answering.load() > 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  Stop();
}

void Server::Impl::Stop() {
  if (!io) return;
  io->stop();
  for (std::thread& thread : threads) thread.join();
  threads.clear();
  // Handlers still running use their sessions' requests: let them finish before the
  // sessions are destroyed with the I/O context.
  workers->join();
  workers.reset();
  acceptor.reset();
  listen_strand.reset();
  io.reset();
  port = 0;
}

asio::awaitable<void> Server::Impl::Listen() {
  for (;;) {
    beast::error_code ec;
    Strand strand = asio::make_strand(*io);
    Socket socket = co_await acceptor->async_accept(strand, Await(ec));
    if (ec == asio::error::operation_aborted || !acceptor->is_open()) co_return;
    if (ec) {
      // Typically out of descriptors: wait a little rather than spin.
      LogError("accept failed: " + ec.message());
      asio::steady_timer timer(co_await asio::this_coro::executor, kAcceptRetryDelay);
      co_await timer.async_wait(Await(ec));
      continue;
    }
    // Headers and body go out in separate writes: without this, Nagle's algorithm holds
    // the body back until the client's delayed ACK, adding ~40 ms to every response.
    socket.set_option(tcp::no_delay(true), ec);
    if (connections.load() >= options.max_connections) {
      asio::co_spawn(strand, Refuse(std::move(socket)), asio::detached);
    } else {
      asio::co_spawn(strand, Session(std::move(socket), ConnectionSlot(&connections)),
                     asio::detached);
    }
  }
}

asio::awaitable<void> Server::Impl::Refuse(Socket socket) {
  Stream stream(std::move(socket));
  stream.expires_after(kRefusalTimeout);
  HttpResponse response = ErrorResponse(503);
  response.headers.Set("Retry-After", "1");
  router.StyleError("", "", &response);
  beast::error_code ec;
  co_await Write(stream, std::move(response), false, false, ec);
  if (!ec) co_await LingeringClose(stream);
}

HttpResponse Server::Impl::Dispatch(HttpRequest& request) {
  try {
    RequestTarget target;
    if (int status = ParseRequestTarget(request.target, &target)) return ErrorResponse(status);
    request.path = std::move(target.path);
    request.query = std::move(target.query);
    HttpResponse response = router.Route(request);
    router.StyleError(request.method, request.path, &response);
    return response;
  } catch (const std::exception& e) {
    LogError("error answering " + request.method + " " + request.path + ": " + e.what());
  } catch (...) {
    LogError("error answering " + request.method + " " + request.path);
  }
  HttpResponse response = ErrorResponse(500);
  router.StyleError(request.method, request.path, &response);
  return response;
}

asio::awaitable<void> Server::Impl::Session(Socket socket, [[maybe_unused]] ConnectionSlot slot) {
  Stream stream(std::move(socket));
  beast::flat_buffer buffer;
  beast::error_code ec;
  for (bool first = true;; first = false) {
    if (!first && buffer.size() == 0) {
      // Between requests the idle timeout applies; the read timeout starts at the first byte.
      stream.expires_after(std::chrono::seconds(options.idle_timeout_seconds));
      size_t n = co_await stream.async_read_some(buffer.prepare(4096), Await(ec));
      if (ec) break;
      buffer.commit(n);
    }
    stream.expires_after(std::chrono::seconds(options.read_timeout_seconds));
    http::request_parser<http::string_body> parser;
    parser.header_limit(static_cast<std::uint32_t>(options.max_header_bytes));
    // The limit depends on the target: take the larger while reading the header, then
    // the one that applies (a declared length is checked here, a chunked body as it comes).
    parser.body_limit(std::max(options.max_body_bytes, options.max_upload_body_bytes));
    co_await http::async_read_header(stream, buffer, parser, Await(ec));
    if (!ec) {
      size_t limit = BodyLimitFor(parser.get(), options);
      parser.body_limit(limit);
      if (parser.content_length().value_or(0) > limit) ec = http::error::body_limit;
    }
    if (!ec && !parser.is_done()) {
      if (boost::iequals(parser.get()[http::field::expect], "100-continue")) {
        http::response<http::empty_body> go_on(http::status::continue_, 11);
        co_await http::async_write(stream, go_on, Await(ec));
      }
      if (!ec) co_await http::async_read(stream, buffer, parser, Await(ec));
    }
    if (ec) {
      if (int status = StatusForReadError(ec, parser)) {
        HttpResponse response = ErrorResponse(status);
        router.StyleError(std::string(parser.get().method_string()),
                          status == 414 ? "" : std::string(parser.get().target()), &response);
        co_await Write(stream, std::move(response), false, false, ec);
        if (!ec) co_await LingeringClose(stream);
      }
      co_return;
    }
    std::optional<ConnectionSlot> answering_this(&answering);  // until the response is written
    bool keep_alive = parser.get().keep_alive() && !draining.load();
    bool head = parser.get().method() == http::verb::head;
    HttpRequest request = ToHttpRequest(parser.release());
    request.peer_address = PeerAddress(stream);
    // Reads are answered here. A form post waits for the database to commit, so it runs
    // on a worker, and this session resumes on its own strand afterwards.
    // (An if, not a conditional expression: g++ 12 miscompiles co_await inside ?:.)
    HttpResponse response;
    if (head || request.method == "GET") {
      response = Dispatch(request);
    } else {
      response = co_await asio::co_spawn(
          *workers, [&]() -> asio::awaitable<HttpResponse> { co_return Dispatch(request); },
          asio::use_awaitable);
    }
    if (response.events && !head) {
      answering_this.reset();  // an event stream is not a request a drain waits for
      co_await StreamEvents(stream, std::move(response));
      break;
    }
    if (response.status == 400 || response.status == 414 || draining.load()) keep_alive = false;
    co_await Write(stream, std::move(response), head, keep_alive, ec);
    if (ec || !keep_alive) break;
  }
  stream.socket().shutdown(tcp::socket::shutdown_send, ec);
}

asio::awaitable<void> Server::Impl::Write(Stream& stream, HttpResponse response, bool head,
                                          bool keep_alive, beast::error_code& ec) {
  if (!HasValidFields(response.headers)) {
    LogError("a handler produced an invalid header field");
    response = ErrorResponse(500);
    keep_alive = false;
  }
  stream.expires_after(std::chrono::seconds(options.write_timeout_seconds));
  int status = response.status;
  bool bodiless = status < 200 || status == 204 || status == 304;
  if (head || bodiless) {
    http::response<http::empty_body> out;
    FillHeader(response, keep_alive, &out);
    if (!bodiless) {
      out.content_length(response.file.is_open() ? response.file.size() : response.body.size());
    }
    co_await http::async_write(stream, out, Await(ec));
  } else if (response.file.is_open()) {
    http::response<http::file_body> out;
    beast::file file;
    file.native_handle(response.file.Release());
    out.body().reset(std::move(file), ec);
    if (ec) {
      LogError("cannot send a file: " + ec.message());
      co_return co_await Write(stream, ErrorResponse(500), head, false, ec);
    }
    FillHeader(response, keep_alive, &out);
    out.prepare_payload();
    co_await http::async_write(stream, out, Await(ec));
  } else {
    http::response<http::string_body> out;
    FillHeader(response, keep_alive, &out);
    out.body() = std::move(response.body);
    out.prepare_payload();
    co_await http::async_write(stream, out, Await(ec));
  }
}

asio::awaitable<void> Server::Impl::StreamEvents(Stream& stream, HttpResponse response) {
  std::shared_ptr<EventSource> events = std::move(response.events);
  // However this coroutine ends (even destroyed while suspended, when the server stops),
  // the source must stop waking it.
  struct Unhook {
    EventSource* source;
    ~Unhook() { source->OnReady({}); }
  } unhook{events.get()};
  beast::error_code ec;
  if (!HasValidFields(response.headers)) {
    LogError("a handler produced an invalid header field");
    co_return co_await Write(stream, ErrorResponse(500), false, false, ec);
  }
  http::response<http::empty_body> head;
  FillHeader(response, false, &head);  // no length: the body ends when the connection does
  http::response_serializer<http::empty_body> serializer(head);
  stream.expires_after(std::chrono::seconds(options.write_timeout_seconds));
  co_await http::async_write_header(stream, serializer, Await(ec));
  auto executor = co_await asio::this_coro::executor;
  auto timer = std::make_shared<asio::steady_timer>(executor);
  events->OnReady([weak = std::weak_ptr<asio::steady_timer>(timer), executor] {
    asio::post(executor, [weak] {
      if (auto t = weak.lock()) t->cancel();
    });
  });
  while (!ec) {
    std::string chunk;
    bool more = events->Take(&chunk);
    if (chunk.empty() && !more) break;
    if (chunk.empty()) {
      // Sleep until the source wakes us (cancelling the timer) or the heartbeat is due.
      timer->expires_after(kEventHeartbeat);
      beast::error_code wait;
      co_await timer->async_wait(Await(wait));
      if (wait) continue;  // woken: take what is ready
      chunk = ":\n\n";
    }
    stream.expires_after(std::chrono::seconds(options.write_timeout_seconds));
    co_await asio::async_write(stream, asio::buffer(chunk), Await(ec));
  }
  stream.socket().shutdown(tcp::socket::shutdown_send, ec);
}

Server::Server() : impl_(std::make_unique<Impl>()) {}

Server::~Server() { Stop(); }

Router& Server::router() { return impl_->router; }

bool Server::Start(const ServerOptions& options, std::string* err) {
  return impl_->Start(options, err);
}

int Server::port() const { return impl_->port; }

void Server::Stop() { impl_->Stop(); }

void Server::Drain(std::chrono::milliseconds grace) { impl_->Drain(grace); }

int RunServer(const ServerOptions& options, std::ostream& log,
              const std::function<void(Router&)>& add_routes) {
  std::error_code fs_error;
  if (!std::filesystem::is_directory(options.site_dir, fs_error)) {
    std::cerr << "bulletin serve: " << options.site_dir
              << ": no such folder; run `bulletin build` first or pass --site\n";
    return 1;
  }
  // Handle the signals before any thread starts, so none of them dies of SIGTERM.
  asio::io_context signal_context;
  asio::signal_set signals(signal_context, SIGINT, SIGTERM);
  Server server;
  if (add_routes) add_routes(server.router());
  std::string err;
  if (!server.Start(options, &err)) {
    std::cerr << "bulletin serve: " << err << '\n';
    return 1;
  }
  std::string site = options.site_dir;
  while (site.size() > 1 && site.back() == '/') site.pop_back();
  std::string host =
      options.host.find(':') == std::string::npos ? options.host : "[" + options.host + "]";
  log << "Serving " << site << "/ at http://" << host << ":" << server.port() << "/" << std::endl;
  signals.async_wait([](const beast::error_code&, int) {});
  signal_context.run();
  // A second Ctrl+C or SIGTERM during the drain stops the process at once: the signals
  // get their default action back. Nothing acknowledged is lost that way (an attempt is
  // answered only once committed, and a commit cut short is rolled back by SQLite).
  beast::error_code ignored;
  signals.clear(ignored);
  log << "Stopping: answering the requests already received (Ctrl+C again to stop now)"
      << std::endl;
  // Answer what was already received (a quiz post waiting on its commit) before exiting.
  server.Drain(kShutdownGrace);
  return 0;
}

}  // namespace bulletin
