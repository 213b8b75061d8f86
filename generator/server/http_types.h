#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace bulletin {

/// Header fields in arrival order. Names compare case-insensitively.
class HttpHeaders {
 public:
  /// The first value of `name`, or nullptr if absent.
  const std::string* Find(std::string_view name) const;
  /// Adds a field, keeping any existing ones of the same name.
  void Add(std::string name, std::string value);
  /// Replaces every field of that name with one field.
  void Set(std::string name, std::string value);
  const std::vector<std::pair<std::string, std::string>>& fields() const { return fields_; }

 private:
  std::vector<std::pair<std::string, std::string>> fields_;
};

/// A parsed request as handlers see it; the server has already enforced size limits,
/// rejected malformed targets and percent-decoded the path.
struct HttpRequest {
  std::string method;        ///< as sent: "GET", "POST", ...
  std::string target;        ///< raw origin-form target: "/a%20b/?x=1"
  std::string path;          ///< percent-decoded path: "/a b/"; never holds NUL or backslash
  std::string query;         ///< raw query without '?': "x=1"
  std::string peer_address;  ///< the TCP peer's IP address ("127.0.0.1"); see ClientAddress
  HttpHeaders headers;
  std::string body;
};

/// An open, read-only file handed to the server to stream as the body. Owns the descriptor.
class OpenFile {
 public:
  OpenFile() = default;
  OpenFile(int fd, uint64_t size) : fd_(fd), size_(size) {}
  OpenFile(OpenFile&& other) noexcept;
  OpenFile& operator=(OpenFile&& other) noexcept;
  OpenFile(const OpenFile&) = delete;
  OpenFile& operator=(const OpenFile&) = delete;
  ~OpenFile();

  bool is_open() const { return fd_ >= 0; }
  uint64_t size() const { return size_; }
  int fd() const { return fd_; }  ///< still owned by this object
  /// Gives up ownership: the caller must close the returned descriptor (-1 if none).
  int Release();

 private:
  int fd_ = -1;
  uint64_t size_ = 0;
};

/// A body that goes on for as long as the client stays (Server-Sent Events). The server
/// sends the header, then whatever Take yields as it becomes ready, until Take returns false
/// or the client leaves; then it closes the connection. Must be thread-safe.
class EventSource {
 public:
  virtual ~EventSource() = default;
  /// Moves what is ready to send into *out (may leave it empty). False: the stream ended.
  virtual bool Take(std::string* out) = 0;
  /// Has `wake` called, from any thread, each time something becomes ready to Take,
  /// replacing an earlier one; an empty function stops the calls. Once it returns, the old
  /// function is no longer running and is never called again.
  virtual void OnReady(std::function<void()> wake) = 0;
};

/// What a handler answers. The server adds Date, Content-Length, Connection and the
/// security headers (CSP, X-Frame-Options, ...; a handler that sets one of those replaces
/// it), and drops the body of a response to HEAD. A header field with CR, LF or NUL in its
/// value turns the response into a 500.
struct HttpResponse {
  int status = 200;
  HttpHeaders headers;
  std::string body;  ///< ignored when `file` is open
  OpenFile file;     ///< when open, streamed as the body instead of `body`
  /// When set, the body is this stream instead (no Content-Length; the connection closes
  /// when it ends). The handler sets Content-Type.
  std::shared_ptr<EventSource> events;
  /// Set by ErrorResponse: the bare page, which the router's error pages may restyle.
  bool generic_error = false;
};

/// The standard reason phrase for `status` ("Not Found"), or "Unknown".
std::string_view ReasonPhrase(int status);

/// A short generic HTML page for an error status, with Content-Type and
/// `Cache-Control: no-store`. Never carries details of what went wrong.
HttpResponse ErrorResponse(int status);

}  // namespace bulletin
