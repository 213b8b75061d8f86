// Test helpers for the server tests: a temporary site folder, a running Server, libcurl
// requests and raw TCP exchanges for input curl will not send. Header-only because the
// test build compiles only *_test.cc files.
#pragma once

#include <arpa/inet.h>
#include <curl/curl.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cctype>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "gtest/gtest.h"
#include "server/server.h"

extern char** environ;

namespace bulletin::testing {

// curl_global_init is not thread-safe: run it once, before any test starts threads.
inline const bool kCurlInitialised = (curl_global_init(CURL_GLOBAL_DEFAULT), true);

inline void WriteFile(const std::filesystem::path& path, std::string_view contents) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << contents;
}

inline std::string ReadWholeFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

/// A fresh folder under the system temp dir holding `site/` and, beside it, a file that
/// must never be served; removed on destruction.
class TempSite {
 public:
  TempSite() {
    std::string pattern = (std::filesystem::temp_directory_path() / "bulletin-server-XXXXXX");
    root_ = mkdtemp(pattern.data());
    std::filesystem::create_directories(site());
    WriteFile(root_ / "outside.txt", "TOP-SECRET-OUTSIDE\n");
  }
  ~TempSite() {
    std::error_code ec;
    std::filesystem::remove_all(root_, ec);
  }
  TempSite(const TempSite&) = delete;
  TempSite& operator=(const TempSite&) = delete;

  const std::filesystem::path& root() const { return root_; }
  std::filesystem::path site() const { return root_ / "site"; }
  void Add(const std::string& relative, std::string_view contents) const {
    WriteFile(site() / relative, contents);
  }

 private:
  std::filesystem::path root_;
};

/// Options for a test server: small limits and short timeouts so tests run fast.
inline ServerOptions TestOptions(const std::filesystem::path& site_dir) {
  ServerOptions options;
  options.port = 0;
  options.site_dir = site_dir.string();
  options.threads = 2;
  options.max_header_bytes = 4096;
  options.max_body_bytes = 1024;
  options.header_timeout_seconds = 2;
  options.body_timeout_seconds = 2;
  options.idle_timeout_seconds = 2;
  options.write_timeout_seconds = 5;
  options.max_connections = 64;
  return options;
}

struct HttpResult {
  bool ok = false;  ///< false if curl failed (connection refused, reset, timed out)
  long status = 0;
  std::map<std::string, std::string> headers;  ///< names lower-cased; last value wins
  std::string body;
  std::string error;
};

struct FetchOptions {
  std::string method = "GET";
  std::vector<std::string> headers;  ///< "Name: value"
  std::string body;                  ///< sent when method is not GET/HEAD
  bool path_as_is = true;            ///< send "/../" and "//" exactly as written
  std::string source_address;        ///< connect from this local address ("127.0.0.3")
};

inline FetchOptions Method(std::string method, std::string body = "") {
  FetchOptions options;
  options.method = std::move(method);
  options.body = std::move(body);
  return options;
}

inline FetchOptions WithHeader(std::string header) {
  FetchOptions options;
  options.headers.push_back(std::move(header));
  return options;
}

inline size_t CollectBody(char* data, size_t size, size_t count, void* out) {
  static_cast<std::string*>(out)->append(data, size * count);
  return size * count;
}

inline size_t CollectHeader(char* data, size_t size, size_t count, void* out) {
  std::string_view line(data, size * count);
  size_t colon = line.find(':');
  if (colon != std::string_view::npos) {
    std::string name(line.substr(0, colon));
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::string_view value = line.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ')) value.remove_prefix(1);
    while (!value.empty() && (value.back() == '\r' || value.back() == '\n')) value.remove_suffix(1);
    (*static_cast<std::map<std::string, std::string>*>(out))[name] = std::string(value);
  }
  return size * count;
}

/// One request with libcurl; never follows redirects.
inline HttpResult Fetch(const std::string& url, const FetchOptions& options = {}) {
  HttpResult result;
  CURL* curl = curl_easy_init();
  curl_slist* headers = nullptr;
  for (const std::string& header : options.headers)
    headers = curl_slist_append(headers, header.c_str());
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_PATH_AS_IS, options.path_as_is ? 1L : 0L);
  const std::string interface = "host!" + options.source_address;
  if (!options.source_address.empty()) curl_easy_setopt(curl, CURLOPT_INTERFACE, interface.c_str());
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, 20L);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, CollectBody);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &result.body);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, CollectHeader);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &result.headers);
  if (options.method == "HEAD") {
    curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
  } else if (options.method != "GET") {
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, options.method.c_str());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, options.body.c_str());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, static_cast<long>(options.body.size()));
  }
  CURLcode code = curl_easy_perform(curl);
  result.ok = code == CURLE_OK;
  if (!result.ok) result.error = curl_easy_strerror(code);
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &result.status);
  curl_slist_free_all(headers);
  curl_easy_cleanup(curl);
  return result;
}

/// A connected TCP socket to 127.0.0.1:port, closed on destruction. `source`, if given, is
/// the local address to connect from (any of 127.0.0.0/8 works on Linux: a distinct client).
class RawConnection {
 public:
  explicit RawConnection(int port, const char* source = nullptr) {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (source) {
      sockaddr_in local{};
      local.sin_family = AF_INET;
      ::inet_pton(AF_INET, source, &local.sin_addr);
      ::bind(fd_, reinterpret_cast<sockaddr*>(&local), sizeof local);
    }
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
  }
  ~RawConnection() { Close(); }
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  bool connected() const { return connected_; }
  void Close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

  /// Sends all of `data`; false if the peer has gone.
  bool Send(std::string_view data) {
    while (!data.empty()) {
      ssize_t n = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
      if (n <= 0) return false;
      data.remove_prefix(static_cast<size_t>(n));
    }
    return true;
  }

  /// Reads until the data received holds `marker`, the peer closes, or `timeout` passes.
  std::string ReadUntil(std::string_view marker, std::chrono::milliseconds timeout) {
    return Read(timeout, nullptr, marker);
  }

  /// Reads what arrives within `timeout`; sets *closed if the peer closed (or reset) the
  /// connection in that time. Returns early once closed.
  std::string ReadFor(std::chrono::milliseconds timeout, bool* closed = nullptr) {
    return Read(timeout, closed, {});
  }

 private:
  std::string Read(std::chrono::milliseconds timeout, bool* closed, std::string_view marker) {
    std::string data;
    bool peer_closed = false;
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!peer_closed && (marker.empty() || data.find(marker) == std::string::npos)) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) break;
      pollfd pfd{fd_, POLLIN, 0};
      if (::poll(&pfd, 1, static_cast<int>(left.count())) <= 0) break;
      char buffer[4096];
      ssize_t n = ::recv(fd_, buffer, sizeof buffer, 0);
      if (n <= 0) {
        peer_closed = true;
      } else {
        data.append(buffer, static_cast<size_t>(n));
      }
    }
    if (closed) *closed = peer_closed;
    return data;
  }

  int fd_ = -1;
  bool connected_ = false;
};

/// Sends `request` on a new connection and reads until the server closes it (at most 10 s).
inline std::string RawExchange(int port, std::string_view request, bool* closed = nullptr) {
  RawConnection connection(port);
  EXPECT_TRUE(connection.connected());
  connection.Send(request);
  return connection.ReadFor(std::chrono::seconds(10), closed);
}

/// The status code of a raw response ("HTTP/1.1 404 Not Found" -> 404), or 0.
inline int RawStatus(std::string_view response) {
  if (!response.starts_with("HTTP/1.1 ") || response.size() < 12) return 0;
  return std::atoi(std::string(response.substr(9, 3)).c_str());
}

/// Routes with one handler, POST /echo, that answers the request's body back.
inline Router EchoRoutes() {
  Router routes;
  routes.Add("POST", "/echo", [](const HttpRequest& request) {
    HttpResponse response;
    response.body = request.body;
    return response;
  });
  return routes;
}

/// A Server running over `options` for the life of the object.
class RunningServer {
 public:
  explicit RunningServer(const ServerOptions& options, Router routes = {}) {
    server_.router() = std::move(routes);
    std::string err;
    started_ = server_.Start(options, &err);
    EXPECT_TRUE(started_) << err;
  }
  int port() const { return server_.port(); }
  std::string Url(std::string_view path) const {
    return "http://127.0.0.1:" + std::to_string(port()) + std::string(path);
  }
  void Drain(std::chrono::milliseconds grace) { server_.Drain(grace); }

 private:
  Server server_;
  bool started_ = false;
};

inline const std::map<std::string, std::string>& ExpectedSecurityHeaders() {
  static const std::map<std::string, std::string> kHeaders = {
      {"content-security-policy",
       "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
       "base-uri 'self'; object-src 'none'"},
      {"x-content-type-options", "nosniff"},
      {"referrer-policy", "same-origin"},
      {"x-frame-options", "DENY"},
      {"cross-origin-opener-policy", "same-origin"},
  };
  return kHeaders;
}

/// Checks the security headers are all present with the exact values, and no Server header.
inline void ExpectSecurityHeaders(const HttpResult& result) {
  for (const auto& [name, value] : ExpectedSecurityHeaders()) {
    auto found = result.headers.find(name);
    ASSERT_NE(found, result.headers.end()) << "missing " << name << " on " << result.status;
    EXPECT_EQ(found->second, value) << name << " on " << result.status;
  }
  EXPECT_EQ(result.headers.count("server"), 0u);
}

/// The same check for a raw response.
inline void ExpectSecurityHeaders(std::string_view raw) {
  std::string_view head = raw.substr(0, raw.find("\r\n\r\n"));
  for (const auto& [name, value] : ExpectedSecurityHeaders()) {
    std::string lower(head);
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::string wanted = "\r\n" + name + ": ";
    size_t at = lower.find(wanted);
    ASSERT_NE(at, std::string::npos) << "missing " << name << " in:\n" << head;
    EXPECT_EQ(head.substr(at + wanted.size(), value.size()), value);
  }
  EXPECT_EQ(head.find("\nServer:"), std::string_view::npos);
}

/// A child process with its stdout on a pipe; killed and reaped if the test ends early.
class Child {
 public:
  explicit Child(std::vector<std::string> args) {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) return;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
    std::vector<char*> argv;
    for (std::string& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);
    if (posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ) != 0) pid_ = -1;
    posix_spawn_file_actions_destroy(&actions);
    ::close(fds[1]);
    out_ = fds[0];
  }
  ~Child() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
    if (out_ >= 0) ::close(out_);
  }

  pid_t pid() const { return pid_; }

  /// The first line written to stdout within `timeout`, without the newline.
  std::optional<std::string> ReadLine(std::chrono::milliseconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    std::string line;
    while (std::chrono::steady_clock::now() < deadline) {
      pollfd pfd{out_, POLLIN, 0};
      if (::poll(&pfd, 1, 100) <= 0) continue;
      char c;
      if (::read(out_, &c, 1) != 1) return std::nullopt;
      if (c == '\n') return line;
      line += c;
    }
    return std::nullopt;
  }

  /// The exit status once the process ends within `timeout`; nullopt if it did not end
  /// or was killed by a signal.
  std::optional<int> Wait(std::chrono::milliseconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      int status = 0;
      pid_t done = ::waitpid(pid_, &status, WNOHANG);
      if (done == pid_) {
        pid_ = -1;
        if (WIFEXITED(status)) return WEXITSTATUS(status);
        return std::nullopt;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return std::nullopt;
  }

 private:
  pid_t pid_ = -1;
  int out_ = -1;
};

}  // namespace bulletin::testing
