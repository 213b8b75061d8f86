#include "server/live_reload.h"

#include <strings.h>
#include <unistd.h>

#include <ctime>
#include <nlohmann/json.hpp>

#include "server/live_assets.h"
#include "server/static_files.h"

namespace bulletin {

namespace {

std::string Event(const std::string& name, const std::string& data) {
  return "event: " + name + "\ndata: " + data + "\n\n";
}

std::string ErrorsEvent(const Diagnostics& diags) {
  nlohmann::json list = nlohmann::json::array();
  for (const Diagnostic& d : diags.items()) {
    list.push_back({{"file", d.path},
                    {"line", d.line},
                    {"column", d.column},
                    {"severity", d.severity == Severity::kError ? "error" : "warning"},
                    {"message", d.message},
                    {"text", d.Format()}});
  }
  // dump() escapes newlines, so the JSON is one `data:` line.
  return Event("errors", list.dump());
}

HttpResponse Asset(const char* type, std::string_view body) {
  HttpResponse response;
  response.headers.Set("Content-Type", type);
  response.headers.Set("Cache-Control", "no-store");
  response.body = std::string(body);
  return response;
}

// The whole body of a response, whether a string or an open file.
std::string BodyOf(HttpResponse* response) {
  if (!response->file.is_open()) return std::move(response->body);
  int fd = response->file.Release();
  std::string body;
  char buffer[64 * 1024];
  for (ssize_t n; (n = ::read(fd, buffer, sizeof buffer)) > 0;) body.append(buffer, n);
  ::close(fd);
  return body;
}

bool IsHtml(const HttpResponse& response) {
  const std::string* type = response.headers.Find("Content-Type");
  return type && type->rfind("text/html", 0) == 0;
}

}  // namespace

// One open page's stream: events queue here until the server takes them.
class LiveReload::Listener : public EventSource {
 public:
  explicit Listener(std::string first) : queued_(std::move(first)) {}

  bool Take(std::string* out) override {
    std::lock_guard<std::mutex> lock(mutex_);
    out->swap(queued_);
    queued_.clear();
    return true;
  }

  void OnReady(std::function<void()> wake) override {
    std::lock_guard<std::mutex> lock(mutex_);
    wake_ = std::move(wake);
  }

  void Send(const std::string& event) {
    std::lock_guard<std::mutex> lock(mutex_);
    queued_ += event;
    if (wake_) wake_();  // under the lock, so OnReady({}) waits for it
  }

 private:
  std::mutex mutex_;
  std::string queued_;
  std::function<void()> wake_;
};

LiveReload::LiveReload() : version_(static_cast<unsigned>(std::time(nullptr) % 100000) * 10) {}

LiveReload::~LiveReload() = default;

void LiveReload::AddTo(Router* router, const std::string& site_dir) {
  router->Add("GET", "/_bulletin/events", [this](const HttpRequest&) { return Events(); });
  router->Add("GET", "/_bulletin/live.js", [](const HttpRequest&) {
    return Asset("text/javascript; charset=utf-8", kLiveScript);
  });
  router->Add("GET", "/_bulletin/live.css",
              [](const HttpRequest&) { return Asset("text/css; charset=utf-8", kLiveStyle); });
  HttpHandler pages = router->fallback();
  if (!pages) {
    pages = [files = StaticFiles(site_dir)](const HttpRequest& request) {
      return files.Handle(request);
    };
  }
  router->SetFallback([this, pages](const HttpRequest& request) {
    // Always the full page: a 304 would keep a copy from before the last reload.
    HttpRequest fresh = request;
    fresh.headers = HttpHeaders();
    for (const auto& [name, value] : request.headers.fields()) {
      if (name.size() < 3 || strncasecmp(name.c_str(), "if-", 3) != 0)
        fresh.headers.Add(name, value);
    }
    HttpResponse response = pages(fresh);
    if (!IsHtml(response)) return response;
    unsigned version;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      version = version_;
    }
    HttpResponse out;
    out.status = response.status;
    for (const auto& [name, value] : response.headers.fields()) {
      if (strcasecmp(name.c_str(), "ETag") && strcasecmp(name.c_str(), "Last-Modified") &&
          strcasecmp(name.c_str(), "Cache-Control")) {
        out.headers.Add(name, value);
      }
    }
    out.headers.Set("Cache-Control", "no-store");
    out.body = InjectLiveScript(BodyOf(&response), version);
    return out;
  });
}

HttpResponse LiveReload::Events() {
  std::lock_guard<std::mutex> lock(mutex_);
  std::string first = "retry: 500\n" + Event("hello", std::to_string(version_)) + errors_event_;
  auto listener = std::make_shared<Listener>(std::move(first));
  std::erase_if(listeners_, [](const std::weak_ptr<Listener>& l) { return l.expired(); });
  listeners_.push_back(listener);
  HttpResponse response;
  response.headers.Set("Content-Type", "text/event-stream; charset=utf-8");
  response.headers.Set("Cache-Control", "no-store");
  response.events = std::move(listener);
  return response;
}

void LiveReload::Broadcast(const std::string& event) {
  for (const std::weak_ptr<Listener>& weak : listeners_) {
    if (std::shared_ptr<Listener> listener = weak.lock()) listener->Send(event);
  }
}

void LiveReload::Reload() {
  std::lock_guard<std::mutex> lock(mutex_);
  ++version_;
  errors_event_.clear();
  Broadcast(Event("reload", std::to_string(version_)));
}

void LiveReload::ShowErrors(const Diagnostics& diags) {
  std::lock_guard<std::mutex> lock(mutex_);
  errors_event_ = ErrorsEvent(diags);
  Broadcast(errors_event_);
}

size_t LiveReload::listeners() const {
  std::lock_guard<std::mutex> lock(mutex_);
  size_t n = 0;
  for (const std::weak_ptr<Listener>& l : listeners_) n += l.expired() ? 0 : 1;
  return n;
}

std::string InjectLiveScript(const std::string& html, unsigned version) {
  std::string tag =
      "<script src=\"/_bulletin/live.js?v=" + std::to_string(version) + "\" defer></script>\n";
  size_t at = html.find("</head>");
  if (at == std::string::npos) return tag + html;
  return html.substr(0, at) + tag + html.substr(at);
}

}  // namespace bulletin
