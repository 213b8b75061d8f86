#include "check/http_link_checker.h"

#include <curl/curl.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <deque>
#include <memory>
#include <mutex>
#include <set>

namespace bulletin {
namespace {

using Clock = std::chrono::steady_clock;

struct Job {
  std::string url;
  std::string host;
  bool get = false;
  int retries = 0;
};

struct Transfer {
  CURL* easy = nullptr;
  Job job;
  long received = 0;
  long limit = 0;
  bool cut_off = false;
};

struct HostState {
  std::deque<Job> queue;
  int active = 0;
  Clock::time_point next_start;
};

size_t Discard(char*, size_t size, size_t n, void* user) {
  auto* t = static_cast<Transfer*>(user);
  t->received += static_cast<long>(size * n);
  if (t->received > t->limit) {
    t->cut_off = true;
    return 0;  // enough to know the link works; libcurl stops with
               // CURLE_WRITE_ERROR
  }
  return size * n;
}

std::string Seconds(int ms) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g s", ms / 1000.0);
  return buf;
}

// "scheme://host:port", or "" if `url` is not an http(s) URL.
std::string HostKey(const std::string& url) {
  CURLU* u = curl_url();
  std::string key;
  if (curl_url_set(u, CURLUPART_URL, url.c_str(), 0) == CURLUE_OK) {
    char *scheme = nullptr, *host = nullptr, *port = nullptr;
    if (curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK &&
        curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK &&
        curl_url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) == CURLUE_OK) {
      std::string s = scheme;
      if (s == "http" || s == "https") key = s + "://" + host + ":" + port;
    }
    curl_free(scheme);
    curl_free(host);
    curl_free(port);
  }
  curl_url_cleanup(u);
  return key;
}

class Checker {
 public:
  Checker(const HttpCheckOptions& options, const HttpProgress& progress, HttpCheckStats* stats)
      : options_(options), progress_(progress), stats_(stats), multi_(curl_multi_init()) {}
  ~Checker() {
    for (auto& t : active_) {
      curl_multi_remove_handle(multi_, t->easy);
      curl_easy_cleanup(t->easy);
    }
    curl_multi_cleanup(multi_);
  }

  std::map<std::string, UrlResult> Run(const std::vector<std::string>& urls) {
    std::set<std::string> unique(urls.begin(), urls.end());
    total_ = unique.size();
    for (const std::string& url : unique) {
      std::string host = HostKey(url);
      if (host.empty()) {
        Finish(url, {false, 0, "is not a valid http or https address"});
        continue;
      }
      hosts_[host].queue.push_back({url, host});
    }
    while (true) {
      Clock::time_point wake = StartReady();
      if (active_.empty() && wake == Clock::time_point::max()) break;
      int running = 0;
      curl_multi_perform(multi_, &running);
      Collect();
      auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(wake - Clock::now());
      int timeout = static_cast<int>(std::clamp<int64_t>(wait.count(), 0, 100));
      if (!active_.empty() || timeout > 0) curl_multi_poll(multi_, nullptr, 0, timeout, nullptr);
      curl_multi_perform(multi_, &running);
      Collect();
    }
    return std::move(results_);
  }

 private:
  // Starts what politeness allows; returns when the next queued job could
  // start.
  Clock::time_point StartReady() {
    Clock::time_point now = Clock::now();
    Clock::time_point wake = Clock::time_point::max();
    for (auto& [key, host] : hosts_) {
      if (host.queue.empty()) continue;
      if (host.active >= options_.max_per_host) continue;
      if (now < host.next_start) {
        wake = std::min(wake, host.next_start);
        continue;
      }
      if (static_cast<int>(active_.size()) >= options_.max_in_flight) {
        wake = std::min(wake, now + std::chrono::milliseconds(5));
        continue;
      }
      Start(host.queue.front());
      host.queue.pop_front();
      ++host.active;
      host.next_start = now + std::chrono::milliseconds(options_.host_delay_ms);
      if (!host.queue.empty()) wake = std::min(wake, host.next_start);
    }
    return wake;
  }

  void Start(const Job& job) {
    auto t = std::make_unique<Transfer>();
    t->job = job;
    t->limit = options_.max_bytes;
    CURL* e = curl_easy_init();
    t->easy = e;
    curl_easy_setopt(e, CURLOPT_URL, job.url.c_str());
    curl_easy_setopt(e, CURLOPT_PRIVATE, t.get());
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(e, CURLOPT_MAXREDIRS, static_cast<long>(options_.max_redirects));
    curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options_.connect_timeout_ms));
    curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, static_cast<long>(options_.timeout_ms));
    curl_easy_setopt(e, CURLOPT_USERAGENT, options_.user_agent.c_str());
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, Discard);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, t.get());
    if (job.get) {
      curl_easy_setopt(e, CURLOPT_HTTPGET, 1L);
    } else {
      curl_easy_setopt(e, CURLOPT_NOBODY, 1L);
    }
    curl_multi_add_handle(multi_, e);
    ++stats_->requests;
    active_.insert(std::move(t));
  }

  void Collect() {
    int left = 0;
    while (CURLMsg* msg = curl_multi_info_read(multi_, &left)) {
      if (msg->msg != CURLMSG_DONE) continue;
      Transfer* raw = nullptr;
      curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &raw);
      CURLcode code = msg->data.result;
      auto it = active_.find(raw);
      if (it == active_.end()) continue;
      std::unique_ptr<Transfer> t = std::move(active_.extract(it).value());
      curl_multi_remove_handle(multi_, t->easy);
      --hosts_[t->job.host].active;
      Done(*t, code);
      curl_easy_cleanup(t->easy);
    }
  }

  void Done(const Transfer& t, CURLcode code) {
    long status = 0;
    curl_easy_getinfo(t.easy, CURLINFO_RESPONSE_CODE, &status);
    if (code == CURLE_WRITE_ERROR && t.cut_off) code = CURLE_OK;
    Job job = t.job;
    if (code != CURLE_OK) {
      bool final = code == CURLE_OPERATION_TIMEDOUT || code == CURLE_COULDNT_RESOLVE_HOST ||
                   code == CURLE_COULDNT_CONNECT || code == CURLE_TOO_MANY_REDIRECTS ||
                   code == CURLE_UNSUPPORTED_PROTOCOL;
      if (!job.get && !final) return Retry(job, true, 0);
      return Finish(job.url, {false, static_cast<int>(status), Describe(code)});
    }
    if (status == 429 || status == 503) {
      curl_off_t after = 0;
      curl_easy_getinfo(t.easy, CURLINFO_RETRY_AFTER, &after);
      if (job.retries < options_.max_retries && after <= options_.max_retry_after_s) {
        ++job.retries;
        return Retry(job, job.get, static_cast<int>(after));
      }
    } else if (status >= 400 && !job.get && status != 404 && status != 410) {
      return Retry(job, true, 0);  // some servers refuse HEAD (405, 501, 403)
    }
    if (status >= 200 && status < 400) return Finish(job.url, {true, static_cast<int>(status), ""});
    Finish(job.url, {false, static_cast<int>(status), "returned " + std::to_string(status)});
  }

  void Retry(Job job, bool get, int after_s) {
    job.get = get;
    HostState& host = hosts_[job.host];
    Clock::time_point at = Clock::now() + std::chrono::seconds(after_s);
    host.next_start = std::max(host.next_start, at);
    host.queue.push_front(std::move(job));
  }

  std::string Describe(CURLcode code) const {
    switch (code) {
      case CURLE_OPERATION_TIMEDOUT:
        return "timed out (no answer within " + Seconds(options_.timeout_ms) + ")";
      case CURLE_COULDNT_RESOLVE_HOST:
        return "host not found";
      case CURLE_COULDNT_CONNECT:
        return "could not connect";
      case CURLE_TOO_MANY_REDIRECTS:
        return "too many redirects (more than " + std::to_string(options_.max_redirects) + ")";
      case CURLE_UNSUPPORTED_PROTOCOL:
        return "redirects to a scheme other than http or https";
      default:
        return std::string("failed: ") + curl_easy_strerror(code);
    }
  }

  void Finish(const std::string& url, UrlResult result) {
    results_[url] = std::move(result);
    if (progress_) progress_(results_.size(), total_);
  }

  struct Less {
    using is_transparent = void;
    bool operator()(const std::unique_ptr<Transfer>& a, const std::unique_ptr<Transfer>& b) const {
      return a.get() < b.get();
    }
    bool operator()(const Transfer* a, const std::unique_ptr<Transfer>& b) const {
      return a < b.get();
    }
    bool operator()(const std::unique_ptr<Transfer>& a, const Transfer* b) const {
      return a.get() < b;
    }
  };

  const HttpCheckOptions& options_;
  const HttpProgress& progress_;
  HttpCheckStats* stats_;
  CURLM* multi_;
  std::map<std::string, HostState> hosts_;
  std::set<std::unique_ptr<Transfer>, Less> active_;
  std::map<std::string, UrlResult> results_;
  size_t total_ = 0;
};

}  // namespace

std::map<std::string, UrlResult> CheckUrls(const std::vector<std::string>& urls,
                                           const HttpCheckOptions& options,
                                           const HttpProgress& progress, HttpCheckStats* stats) {
  static std::once_flag init;
  std::call_once(init, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  try {
    return Checker(options, progress, stats).Run(urls);
  } catch (const std::exception& e) {
    std::map<std::string, UrlResult> failed;
    for (const std::string& url : urls) {
      failed[url] = {false, 0, std::string("not checked: ") + e.what()};
    }
    return failed;
  }
}

}  // namespace bulletin
