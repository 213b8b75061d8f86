#pragma once
// A tiny HTTP/1.1 server on 127.0.0.1 for the external link checker's tests:
// one thread per connection, every answer "Connection: close". It counts
// requests and the most requests in flight at once per Host header.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace bulletin::testing {

class TestHttpServer {
 public:
  TestHttpServer() {
    listen_fd_ = socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    listen(listen_fd_, 128);
    socklen_t len = sizeof addr;
    getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    acceptor_ = std::thread([this] { Accept(); });
  }

  ~TestHttpServer() {
    stop_ = true;
    shutdown(listen_fd_, SHUT_RDWR);
    close(listen_fd_);
    acceptor_.join();
    std::vector<std::thread> workers;
    {
      std::lock_guard<std::mutex> lock(mu_);
      workers.swap(workers_);
    }
    for (std::thread& t : workers) t.join();
  }

  int port() const { return port_; }
  std::string Url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }
  int requests() const { return requests_; }
  long bytes_sent() const { return bytes_sent_; }
  int MaxConcurrent(const std::string& host) {
    std::lock_guard<std::mutex> lock(mu_);
    return max_concurrent_[host];
  }
  std::string user_agent() {
    std::lock_guard<std::mutex> lock(mu_);
    return user_agent_;
  }

 private:
  void Accept() {
    while (!stop_) {
      int fd = accept(listen_fd_, nullptr, nullptr);
      if (fd < 0) return;
      std::lock_guard<std::mutex> lock(mu_);
      workers_.emplace_back([this, fd] {
        Serve(fd);
        close(fd);
      });
    }
  }

  static std::string Header(const std::string& request, const std::string& name) {
    size_t at = request.find("\r\n" + name + ": ");
    if (at == std::string::npos) return "";
    at += name.size() + 4;
    return request.substr(at, request.find("\r\n", at) - at);
  }

  bool Send(int fd, const std::string& data) {
    size_t off = 0;
    while (off < data.size()) {
      ssize_t n = send(fd, data.data() + off, data.size() - off, MSG_NOSIGNAL);
      if (n <= 0) return false;
      off += static_cast<size_t>(n);
      bytes_sent_ += n;
    }
    return true;
  }

  void Sleep(int ms) {
    for (int i = 0; i < ms / 10 && !stop_; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }

  void Serve(int fd) {
    std::string request;
    char buf[4096];
    while (request.find("\r\n\r\n") == std::string::npos) {
      ssize_t n = recv(fd, buf, sizeof buf, 0);
      if (n <= 0) return;
      request.append(buf, static_cast<size_t>(n));
    }
    std::string method = request.substr(0, request.find(' '));
    size_t p = method.size() + 1;
    std::string path = request.substr(p, request.find(' ', p) - p);
    path = path.substr(0, path.find('?'));
    std::string host = Header(request, "Host");
    {
      std::lock_guard<std::mutex> lock(mu_);
      ++requests_;
      user_agent_ = Header(request, "User-Agent");
      int now = ++concurrent_[host];
      max_concurrent_[host] = std::max(max_concurrent_[host], now);
    }
    bool finished = false;
    Respond(fd, method, path, host, &finished);
    Finish(host, &finished);
  }

  // A request stops counting as in flight just before its answer goes out: once the
  // client has the answer it may start the next request, which must not overlap it.
  void Finish(const std::string& host, bool* finished) {
    if (*finished) return;
    *finished = true;
    std::lock_guard<std::mutex> lock(mu_);
    --concurrent_[host];
  }

  void Respond(int fd, const std::string& method, const std::string& path, const std::string& host,
               bool* finished) {
    auto reply = [&](int status, const std::string& extra, const std::string& body) {
      std::string head = "HTTP/1.1 " + std::to_string(status) + " X\r\nConnection: close\r\n" +
                         extra + "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n";
      Finish(host, finished);
      Send(fd, head + (method == "HEAD" ? "" : body));
    };
    if (path == "/ok") return reply(200, "", "ok");
    if (path == "/missing") return reply(404, "", "not found");
    if (path.rfind("/r/", 0) == 0) {
      int n = std::stoi(path.substr(3));
      if (n == 0) return reply(200, "", "arrived");
      return reply(301, "Location: /r/" + std::to_string(n - 1) + "\r\n", "");
    }
    if (path == "/busy") {
      if (busy_answered_++ == 0) return reply(429, "Retry-After: 1\r\n", "slow down");
      return reply(200, "", "ok now");
    }
    if (path == "/slow") {
      Sleep(6000);
      return reply(200, "", "late");
    }
    if (path == "/delay") {
      Sleep(100);
      return reply(200, "", "ok");
    }
    if (path == "/huge") {
      if (method == "HEAD") return reply(405, "", "");
      long size = 1L << 30;
      if (!Send(fd, "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: " +
                        std::to_string(size) + "\r\n\r\n")) {
        return;
      }
      std::string chunk(64 * 1024, 'x');
      for (long sent = 0; sent < size && !stop_; sent += static_cast<long>(chunk.size())) {
        if (!Send(fd, chunk)) return;
      }
      return;
    }
    reply(404, "", "no route");
  }

  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<int> requests_{0};
  std::atomic<long> bytes_sent_{0};
  std::atomic<int> busy_answered_{0};
  std::thread acceptor_;
  std::mutex mu_;
  std::vector<std::thread> workers_;
  std::map<std::string, int> concurrent_;
  std::map<std::string, int> max_concurrent_;
  std::string user_agent_;
};

}  // namespace bulletin::testing
