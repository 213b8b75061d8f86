#include "server/server.h"

// clang-format off
// Boost 1.74's asio/awaitable.hpp uses std::exchange without including <utility>.
#include <utility>
// clang-format on

#include <malloc.h>
#include <sys/resource.h>

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

#include "core/text.h"
#include "server/client_limits.h"
#include "server/http_date.h"
#include "server/origin.h"
#include "server/request_target.h"
#include "server/static_files.h"

// GCC 12 with -fsanitize misreads the operator new/delete pair of Asio 1.74's coroutine
// frame allocator as mismatched.
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

// mimalloc's functions, when the program links it (`bulletin` does): weak references, null
// otherwise.
#if __has_include(<mimalloc.h>)
#include <mimalloc.h>
#pragma weak mi_collect
#pragma weak mi_option_enable
#pragma weak mi_option_disable
#define BULLETIN_MIMALLOC_OPTIONS 1
#else
extern "C" void mi_collect(bool force) __attribute__((weak));
#endif

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
constexpr auto kTrimDelay = std::chrono::seconds(1);
constexpr int kSlowNice = 10;
// Freed memory is handed back only with at most this many connections open (see ScheduleTrim).
constexpr size_t kIdleConnections = 4;
constexpr auto kTrimRendezvous = std::chrono::milliseconds(20);
constexpr auto kAcceptRetryDelay = std::chrono::milliseconds(50);
// How long a stopping server waits for requests it has received to be answered.
constexpr auto kShutdownGrace = std::chrono::seconds(10);
// An event stream sends a comment this often, so a closed tab is noticed and proxies keep
// the connection open.
constexpr auto kEventHeartbeat = std::chrono::seconds(15);

auto Await(beast::error_code& ec) { return asio::redirect_error(asio::use_awaitable, ec); }

// Beast 1.74 takes boost::string_view.
beast::string_view View(std::string_view text) { return {text.data(), text.size()}; }

// A request body read into a std::string, like http::string_body, but without reserving the
// declared Content-Length up front: memory grows with the bytes that actually arrive, so a
// client that declares a large body and sends little of it costs little.
struct ReceivedBody {
  using value_type = std::string;
  static std::uint64_t size(const value_type& body) { return body.size(); }

  class reader {
   public:
    template <bool isRequest, class Fields>
    reader(http::header<isRequest, Fields>&, value_type& body) : body_(body) {}
    void init(const boost::optional<std::uint64_t>&, beast::error_code& ec) { ec = {}; }
    template <class ConstBufferSequence>
    size_t put(const ConstBufferSequence& buffers, beast::error_code& ec) {
      size_t total = 0;
      for (auto it = asio::buffer_sequence_begin(buffers); it != asio::buffer_sequence_end(buffers);
           ++it) {
        asio::const_buffer buffer = *it;
        body_.append(static_cast<const char*>(buffer.data()), buffer.size());
        total += buffer.size();
      }
      ec = {};
      return total;
    }
    void finish(beast::error_code& ec) { ec = {}; }

   private:
    value_type& body_;
  };
};
using Parser = http::request_parser<ReceivedBody>;
using Request = http::request<ReceivedBody>;

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
int StatusForReadError(const beast::error_code& ec, const Parser& parser) {
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
std::string PeerAddress(const Socket& socket) {
  beast::error_code ec;
  asio::ip::address address = socket.remote_endpoint(ec).address();
  if (address.is_v6() && address.to_v6().is_v4_mapped()) {
    address = asio::ip::make_address_v4(asio::ip::v4_mapped, address.to_v6());
  }
  return address.to_string();
}

HttpRequest ToHttpRequest(Request&& from) {
  HttpRequest request;
  request.method = std::string(from.method_string());
  request.target = std::string(from.target());
  for (const auto& field : from) {
    request.headers.Add(std::string(field.name_string()), std::string(field.value()));
  }
  request.body = std::move(from.body());
  return request;
}

// Hands memory freed by finished requests back to the system, whichever allocator has it.
void ReturnFreedMemory() {
  if (mi_collect) mi_collect(true);
  malloc_trim(0);
}

// While freed memory is handed back, mimalloc also resets the pages it frees (its
// page_reset option, off otherwise because it costs a system call per page under load).
void ResetFreedPages(bool on) {
#ifdef BULLETIN_MIMALLOC_OPTIONS
  if (on && mi_option_enable) mi_option_enable(mi_option_page_reset);
  if (!on && mi_option_disable) mi_option_disable(mi_option_page_reset);
#else
  (void)on;
#endif
}

// The whole answer to a client over its connection limits, made once: sent without parsing
// anything, with one non-blocking write, before the connection is closed.
const std::string& TooManyFromClient() {
  static const std::string kResponse = [] {
    std::string out =
        "HTTP/1.1 429 Too Many Requests\r\nRetry-After: 1\r\nContent-Type: text/plain; "
        "charset=utf-8\r\nCache-Control: no-store\r\n";
    for (const auto& [name, value] : kSecurityHeaders) {
      out.append(name).append(": ").append(value).append("\r\n");
    }
    std::string_view body = "Too many connections from your address: try again shortly.\n";
    out += "Content-Length: " + std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n";
    out += body;
    return out;
  }();
  return kResponse;
}

// Answers 429 and closes, without a coroutine, a timer or a read: what little the client has
// already sent is discarded first, so the close does not reset the connection over the answer.
void RefuseAtOnce(Socket& socket) {
  beast::error_code ec;
  socket.non_blocking(true, ec);
  socket.write_some(asio::buffer(TooManyFromClient()), ec);
  socket.shutdown(tcp::socket::shutdown_send, ec);
  char discard[4096];
  for (int i = 0; i < 4 && !ec && socket.available(ec) > 0; ++i) {
    socket.read_some(asio::buffer(discard), ec);
  }
  socket.close(ec);
}

// 0 if the request names its host properly, else 400: exactly one Host field, and when
// `allowed` is not empty, one of those names (compared without the port, ignoring case).
int HostStatus(const Request& request, const std::vector<std::string>& allowed) {
  if (request.count(http::field::host) != 1) return 400;
  if (allowed.empty()) return 0;
  beast::string_view value = request[http::field::host];
  std::string host = AsciiLower(std::string_view(value.data(), value.size()));
  if (!host.empty() && host.front() == '[') {
    host = host.substr(0, host.find(']') + 1);
  } else {
    host = host.substr(0, host.find(':'));
  }
  for (const std::string& name : allowed) {
    if (AsciiLower(name) == host) return 0;
  }
  return 400;
}

// The headers of a request whose body is still arriving, and the body so far.
HttpRequest HeadOf(const Request& from, const std::string& peer) {
  HttpRequest request;
  request.method = std::string(from.method_string());
  request.target = std::string(from.target());
  RequestTarget target;
  if (ParseRequestTarget(request.target, &target) == 0) {
    request.path = std::move(target.path);
    request.query = std::move(target.query);
  }
  for (const auto& field : from) {
    request.headers.Add(std::string(field.name_string()), std::string(field.value()));
  }
  request.peer_address = peer;
  request.body = from.body();
  return request;
}

// The forwarded address of a request from a trusted proxy, or "".
std::string ForwardedFor(const Request& from, const std::string& peer) {
  if (!IsTrustedProxy(peer)) return "";
  auto field = from.find("X-Forwarded-For");
  if (field == from.end()) return "";
  HttpRequest request;
  request.peer_address = peer;
  request.headers.Add("X-Forwarded-For", std::string(field->value()));
  return ForwardedClientAddress(request);
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

  // Holds one of a client address's connections (or proxied requests) open in ClientLimits.
  class ClientSlot {
   public:
    ClientSlot() = default;
    ClientSlot(ClientLimits* limits, std::string address)
        : limits_(limits), address_(std::move(address)) {}
    ClientSlot(ClientSlot&& other) noexcept
        : limits_(std::exchange(other.limits_, nullptr)), address_(std::move(other.address_)) {}
    ClientSlot& operator=(ClientSlot&&) = delete;
    ~ClientSlot() {
      if (limits_) limits_->Release(address_);
    }

   private:
    ClientLimits* limits_ = nullptr;
    std::string address_;
  };

  bool Start(const ServerOptions& options, std::string* err);
  beast::error_code OpenAcceptor();
  void Stop();
  void Drain(std::chrono::milliseconds grace);
  void LogError(std::string_view message);

  asio::awaitable<void> Listen();
  asio::awaitable<void> Session(Socket socket, std::string peer, ConnectionSlot slot,
                                ClientSlot client);
  asio::awaitable<void> ReadBody(Stream& stream, beast::flat_buffer& buffer, Parser& parser,
                                 const std::string& peer, beast::error_code& ec);
  asio::awaitable<HttpResponse> Answer(HttpRequest& request, bool on_io_thread);
  void ScheduleTrim();
  void LowerSlowThreadsPriority();
  asio::awaitable<void> Refuse(Socket socket);
  asio::awaitable<void> Write(Stream& stream, HttpResponse response, bool head, bool keep_alive,
                              beast::error_code& ec);
  asio::awaitable<void> StreamEvents(Stream& stream, HttpResponse response);
  HttpResponse Dispatch(const HttpRequest& request);

  ServerOptions options;
  Router router;
  bool static_fallback = false;  // the router's fallback is ours, to renew on each Start
  std::atomic<size_t> connections{0};
  std::optional<ClientLimits> client_limits;
  std::atomic<size_t> slow_pending{0};  // kSlow requests queued or running
  std::atomic<bool> trim_pending{false};
  std::atomic<bool> stopping{false};  // sessions being torn down must not schedule work
  // Requests received and not yet answered, and whether Drain has begun.
  std::atomic<size_t> answering{0};
  std::atomic<bool> draining{false};
  std::mutex log_mutex;
  int port = 0;
  // Handlers run here, off the I/O threads: they may wait on the database.
  std::optional<asio::thread_pool> workers;
  // Handlers of HandlerPool::kSlow routes (password hashing) run here instead.
  std::optional<asio::thread_pool> slow_workers;
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
  stopping = false;
  trim_pending = false;
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
  slow_workers.emplace(static_cast<size_t>(std::max(options.slow_threads, 1)));
  LowerSlowThreadsPriority();
  client_limits.emplace(options.max_connections_per_client,
                        options.new_connections_per_client_per_second);
  if (beast::error_code ec = OpenAcceptor()) {
    *err = "cannot listen on " + options.host + ":" + std::to_string(options.port) + ": " +
           ec.message();
    acceptor.reset();  // before the context its sockets belong to
    io.reset();
    workers->join();
    workers.reset();
    slow_workers->join();
    slow_workers.reset();
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
  stopping = true;
  io->stop();
  for (std::thread& thread : threads) thread.join();
  threads.clear();
  // Handlers still running use their sessions' requests: let them finish before the
  // sessions are destroyed with the I/O context.
  workers->join();
  workers.reset();
  slow_workers->join();
  slow_workers.reset();
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
    // One client's flood is refused before it can take the slots everyone shares. A trusted
    // proxy's connections carry many clients: its requests are limited by forwarded address.
    std::string peer = PeerAddress(socket);
    bool limited = !IsTrustedProxy(peer);
    if (limited && client_limits->Admit(peer, true) != ClientLimits::Verdict::kAdmitted) {
      RefuseAtOnce(socket);
      continue;
    }
    ClientSlot client = limited ? ClientSlot(&*client_limits, peer) : ClientSlot();
    if (connections.load() >= options.max_connections) {
      asio::co_spawn(strand, Refuse(std::move(socket)), asio::detached);
    } else {
      asio::co_spawn(strand,
                     Session(std::move(socket), std::move(peer), ConnectionSlot(&connections),
                             std::move(client)),
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

HttpResponse Server::Impl::Dispatch(const HttpRequest& request) {
  try {
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

// Reads are answered on the I/O thread. A form post waits for the database to commit, so it
// runs on a worker, and the session resumes on its own strand afterwards; a slow route (a
// password hash) runs on its own small pool, or is answered 503 at once when that is full.
asio::awaitable<HttpResponse> Server::Impl::Answer(HttpRequest& request, bool on_io_thread) {
  RequestTarget target;
  if (int status = ParseRequestTarget(request.target, &target)) {
    HttpResponse response = ErrorResponse(status);
    router.StyleError(request.method, "", &response);
    co_return response;
  }
  request.path = std::move(target.path);
  request.query = std::move(target.query);
  if (on_io_thread) co_return Dispatch(request);
  auto run = [&]() -> asio::awaitable<HttpResponse> { co_return Dispatch(request); };
  if (router.PoolFor(request) == HandlerPool::kWorkers) {
    co_return co_await asio::co_spawn(*workers, run, asio::use_awaitable);
  }
  size_t limit = static_cast<size_t>(std::max(options.slow_threads, 1)) + options.slow_queue;
  if (slow_pending.fetch_add(1) >= limit) {
    --slow_pending;
    HttpResponse busy = ErrorResponse(503);
    busy.headers.Set("Retry-After", "2");
    router.StyleError(request.method, request.path, &busy);
    co_return busy;
  }
  struct Done {
    std::atomic<size_t>* pending;
    ~Done() { --*pending; }
  } done{&slow_pending};
  co_return co_await asio::co_spawn(*slow_workers, run, asio::use_awaitable);
}

// Reads the rest of the body. Past max_body_bytes only `may_upload` can let it grow, asked
// once with the first bytes (where a form puts its csrf field) in hand.
asio::awaitable<void> Server::Impl::ReadBody(Stream& stream, beast::flat_buffer& buffer,
                                             Parser& parser, const std::string& peer,
                                             beast::error_code& ec) {
  bool allowed = false;
  while (!ec && !parser.is_done()) {
    co_await http::async_read_some(stream, buffer, parser, Await(ec));
    if (ec || allowed || parser.get().body().size() <= options.max_body_bytes) continue;
    allowed = options.may_upload && options.may_upload(HeadOf(parser.get(), peer));
    if (!allowed) ec = http::error::body_limit;
  }
}

// The slow pool's threads run at a lower priority (nice kSlowNice), so on a small machine a
// burst of password hashes takes the cores only when requests do not need them. Each thread
// takes one of the tasks posted here (they wait for one another briefly), since on Linux
// setpriority with who = 0 applies to the calling thread alone.
void Server::Impl::LowerSlowThreadsPriority() {
  const int n = std::max(options.slow_threads, 1);
  auto arrived = std::make_shared<std::atomic<int>>(0);
  for (int i = 0; i < n; ++i) {
    asio::post(*slow_workers, [arrived, n] {
      ++*arrived;
      auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(200);
      while (arrived->load() < n && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::yield();
      }
      ::setpriority(PRIO_PROCESS, 0, kSlowNice);
    });
  }
}

// Gives memory freed by finished connections back to the system a moment after they end (at
// most once a second), so a burst of large or abusive requests leaves no lasting footprint.
// mimalloc keeps what a thread freed in that thread's heap, so each I/O thread (where bodies
// are read) must hand back its own: this runs once on each, only when the server is nearly
// idle, as each briefly waits for the others to take theirs.
void Server::Impl::ScheduleTrim() {
  if (stopping.load() || trim_pending.exchange(true)) return;
  auto timer = std::make_shared<asio::steady_timer>(*io, kTrimDelay);
  timer->async_wait([this, timer](const beast::error_code& ec) {
    trim_pending = false;
    if (ec || connections.load() > kIdleConnections) return;
    const int n = static_cast<int>(threads.size());
    auto arrived = std::make_shared<std::atomic<int>>(0);
    auto finished = std::make_shared<std::atomic<int>>(0);
    ResetFreedPages(true);
    for (int i = 0; i < n; ++i) {
      asio::post(*io, [arrived, finished, n] {
        ++*arrived;
        auto deadline = std::chrono::steady_clock::now() + kTrimRendezvous;
        while (arrived->load() < n && std::chrono::steady_clock::now() < deadline) {
          std::this_thread::yield();
        }
        ReturnFreedMemory();
        if (++*finished == n) ResetFreedPages(false);
      });
    }
  });
}

asio::awaitable<void> Server::Impl::Session(Socket socket, std::string peer,
                                            [[maybe_unused]] ConnectionSlot slot,
                                            [[maybe_unused]] ClientSlot client) {
  struct TrimAfter {
    Impl* impl;
    ~TrimAfter() { impl->ScheduleTrim(); }
  } trim_after{this};
  Stream stream(std::move(socket));
  beast::flat_buffer buffer;
  beast::error_code ec;
  for (bool first = true;; first = false) {
    if (!first && buffer.size() == 0) {
      // Between requests the idle timeout applies; the header's starts at the first byte.
      stream.expires_after(std::chrono::seconds(options.idle_timeout_seconds));
      size_t n = co_await stream.async_read_some(buffer.prepare(4096), Await(ec));
      if (ec) break;
      buffer.commit(n);
    }
    stream.expires_after(std::chrono::seconds(options.header_timeout_seconds));
    Parser parser;
    parser.header_limit(static_cast<std::uint32_t>(options.max_header_bytes));
    // A declared length over the larger limit is refused with the header; the smaller one
    // applies as the body arrives (ReadBody), so an upload is allowed only once authorised.
    bool may_upload = static_cast<bool>(options.may_upload);
    parser.body_limit(may_upload ? std::max(options.max_body_bytes, options.max_upload_body_bytes)
                                 : options.max_body_bytes);
    co_await http::async_read_header(stream, buffer, parser, Await(ec));
    int refusal = 0;  // a status to answer before reading the body
    std::optional<ClientSlot> proxied_client;
    if (!ec) refusal = HostStatus(parser.get(), options.allowed_hosts);
    if (!ec && !refusal) {
      std::string forwarded = ForwardedFor(parser.get(), peer);
      if (!forwarded.empty()) {
        if (client_limits->Admit(forwarded, false) == ClientLimits::Verdict::kAdmitted) {
          proxied_client.emplace(&*client_limits, forwarded);
        } else {
          refusal = 429;
        }
      }
    }
    if (!ec && !refusal && !parser.is_done()) {
      stream.expires_after(std::chrono::seconds(options.body_timeout_seconds));
      if (boost::iequals(parser.get()[http::field::expect], "100-continue")) {
        http::response<http::empty_body> go_on(http::status::continue_, 11);
        co_await http::async_write(stream, go_on, Await(ec));
      }
      if (!ec) co_await ReadBody(stream, buffer, parser, peer, ec);
    }
    if (ec || refusal) {
      if (int status = refusal ? refusal : StatusForReadError(ec, parser)) {
        HttpResponse response = ErrorResponse(status);
        if (status == 429) response.headers.Set("Retry-After", "1");
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
    request.peer_address = peer;
    // (An if, not a conditional expression: g++ 12 miscompiles co_await inside ?:.)
    HttpResponse response = co_await Answer(request, head || request.method == "GET");
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
  // Bodies and buffers over 128 KiB get their own mappings, returned to the system when
  // freed. glibc's default raises that threshold to the largest block freed so far, after
  // which large bodies come from the heap and a burst of them stays resident for good.
  mallopt(M_MMAP_THRESHOLD, 128 * 1024);
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
