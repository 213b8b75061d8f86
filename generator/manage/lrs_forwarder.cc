#include "manage/lrs_forwarder.h"

#include <curl/curl.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <random>

#include "core/secrets_file.h"
#include "core/text.h"
#include "manage/xapi.h"
#include "store/store.h"

namespace bulletin {

namespace {

constexpr size_t kMaxReplyBytes = 16 * 1024;  // enough for an error message

bool IsLoopbackHost(const std::string& host) {
  return host == "127.0.0.1" || host == "localhost" || host == "[::1]";
}

struct Transfer {
  std::string reply;
  const std::atomic<bool>* abort;
};

size_t CollectReply(char* data, size_t size, size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  size_t n = size * count;
  if (t->reply.size() < kMaxReplyBytes) {
    t->reply.append(data, std::min(n, kMaxReplyBytes - t->reply.size()));
  }
  return n;
}

int CheckAbort(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  return static_cast<Transfer*>(user)->abort->load() ? 1 : 0;
}

}  // namespace

bool NormaliseLrsEndpoint(std::string* endpoint, std::string* err) {
  std::string& url = *endpoint;
  std::string rest;
  bool https = url.rfind("https://", 0) == 0;
  if (https) {
    rest = url.substr(8);
  } else if (url.rfind("http://", 0) == 0) {
    rest = url.substr(7);
  } else {
    *err = "--lrs-endpoint '" + url +
           "' must be an https:// URL, such as https://lrs.example.org/xapi/";
    return false;
  }
  std::string authority = rest.substr(0, rest.find('/'));
  if (authority.empty() || authority.find('@') != std::string::npos) {
    *err = "--lrs-endpoint '" + url +
           "' needs a host and no user name; give the login in BULLETIN_LRS_USERNAME and "
           "BULLETIN_LRS_PASSWORD or --lrs-credentials-file";
    return false;
  }
  if (url.find_first_of("?# \t\r\n") != std::string::npos) {
    *err = "--lrs-endpoint '" + url + "' must not hold a query, a fragment or spaces";
    return false;
  }
  std::string host = authority;
  if (host.front() == '[') {
    host = host.substr(0, host.find(']') + 1);
  } else {
    host = host.substr(0, host.find(':'));
  }
  if (!https && !IsLoopbackHost(host)) {
    *err = "--lrs-endpoint '" + url +
           "' must use https:// (statements and the LRS password would cross the network in "
           "clear); http:// is allowed only to 127.0.0.1 or localhost";
    return false;
  }
  if (url.back() != '/') url += '/';
  return true;
}

bool LoadLrsCredentials(const std::string& credentials_file, const std::string& content_dir,
                        LrsSettings* settings, std::string* err) {
  std::map<std::string, std::string> values;
  if (!ReadSecrets(credentials_file, content_dir, {kLrsUsernameVariable, kLrsPasswordVariable},
                   "the LRS credentials", &values, err)) {
    return false;
  }
  std::string user = values[kLrsUsernameVariable];
  std::string password = values[kLrsPasswordVariable];
  if (user.empty() || password.empty()) {
    std::string where = credentials_file.empty() ? "the environment" : credentials_file;
    *err = "the LRS login is incomplete: set " + std::string(kLrsUsernameVariable) + " and " +
           kLrsPasswordVariable + " in " + where;
    return false;
  }
  settings->username = user;
  settings->password = password;
  return true;
}

int64_t LrsBackoffSeconds(int tries, int64_t base, int64_t cap, double jitter) {
  int64_t delay = base;
  for (int i = 1; i < tries && delay < cap; ++i) delay *= 2;
  delay = std::min(delay, cap);
  jitter = std::clamp(jitter, 0.0, 1.0);
  return std::max<int64_t>(1, delay / 2 + static_cast<int64_t>((delay - delay / 2) * jitter));
}

struct LrsForwarder::Outcome {
  bool delivered = false;
  bool aborted = false;  // Stop() cut the request short: leave the row as it was
  std::string error;
};

LrsForwarder::LrsForwarder(LrsOutbox* outbox, LrsSettings settings, LrsForwarderOptions options)
    : outbox_(outbox),
      settings_(std::move(settings)),
      options_(std::move(options)),
      random_state_(std::random_device{}()) {
  if (!options_.now) options_.now = [] { return static_cast<int64_t>(std::time(nullptr)); };
}

LrsForwarder::~LrsForwarder() { Stop(); }

bool LrsForwarder::Start(std::string* err) {
  static std::once_flag curl_init;
  std::call_once(curl_init, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  OutboxState state;
  if (!outbox_->State(&state, err)) return false;
  // Was the LRS failing when we last stopped? Then its recovery is worth a line too.
  down_ = !state.last_error.empty();
  Log("lrs: forwarding statements to " + settings_.endpoint + " (" + std::to_string(state.waiting) +
      " waiting" + (down_ ? "; the last try failed: " + state.last_error : std::string()) + ")");
  thread_ = std::thread([this] { Loop(); });
  return true;
}

void LrsForwarder::Wake() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    woken_ = true;
  }
  cv_.notify_all();
}

void LrsForwarder::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_ && !thread_.joinable()) return;
    stopping_ = true;
  }
  abort_ = true;
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

int64_t LrsForwarder::Now() const { return options_.now(); }

void LrsForwarder::Log(const std::string& line) const {
  if (options_.log) {
    options_.log(line);
  } else {
    std::cerr << line << '\n';
  }
}

double LrsForwarder::Jitter() {
  // xorshift64: plenty for spreading retries; no need for a cryptographic source.
  random_state_ ^= random_state_ << 13;
  random_state_ ^= random_state_ >> 7;
  random_state_ ^= random_state_ << 17;
  return static_cast<double>(random_state_ % 1000000) / 1000000.0;
}

void LrsForwarder::LogOutboxError(const std::string& err) const {
  Log("lrs: cannot read or update the outbox: " + err + "; trying again shortly");
}

void LrsForwarder::Loop() {
  while (true) {
    bool more = RunPass();
    std::unique_lock<std::mutex> lock(mu_);
    if (stopping_) break;
    if (!more) cv_.wait_for(lock, options_.poll_interval, [this] { return stopping_ || woken_; });
    woken_ = false;
    if (stopping_) break;
  }
  OutboxState state;
  std::string err;
  if (outbox_->State(&state, &err)) {
    // If the LRS was failing when we last stopped, say so once it takes statements again.
    failures_in_a_row_ = state.most_tries;
    Log("lrs: stopped; " + std::to_string(state.waiting) +
        " statements waiting for the next start");
  }
}

// One pass over the due rows. Returns true if a full batch went through (more may wait).
bool LrsForwarder::RunPass() {
  int64_t now = Now();
  if (now < paused_until_) return false;
  std::vector<OutboxRow> rows;
  std::string err;
  if (!outbox_->Due(now, options_.batch, &rows, &err)) {
    LogOutboxError(err);
    return false;
  }
  for (const OutboxRow& row : rows) {
    if (abort_) return false;
    Outcome outcome = Send(row);
    if (outcome.aborted) return false;
    now = Now();
    if (outcome.delivered) {
      if (!outbox_->MarkSent(row.id, now, &err)) {
        LogOutboxError(err);
        return false;
      }
      if (down_) Log("lrs: " + settings_.endpoint + " is taking statements again");
      down_ = false;
      failures_in_a_row_ = 0;
      continue;
    }
    if (!MarkFailed(row, outcome, now)) return false;
    if (!down_) {
      Log("lrs: cannot deliver to " + settings_.endpoint + ": " + outcome.error +
          "; keeping the statements and retrying with backoff");
    }
    down_ = true;
    ++failures_in_a_row_;
    paused_until_ = now + LrsBackoffSeconds(failures_in_a_row_, options_.base_delay_seconds,
                                            options_.max_delay_seconds, Jitter());
    return false;
  }
  return rows.size() == static_cast<size_t>(options_.batch);
}

LrsForwarder::Outcome LrsForwarder::Send(const OutboxRow& row) {
  Outcome outcome;
  std::string id;
  try {
    id = nlohmann::json::parse(row.statement).at("id").get<std::string>();
  } catch (const std::exception& e) {
    outcome.error = "the stored statement is not valid JSON with an id";
    return outcome;
  }
  std::string url = settings_.endpoint + "statements?statementId=" + id;
  Transfer transfer{{}, &abort_};
  char error_buffer[CURL_ERROR_SIZE] = {0};
  CURL* curl = curl_easy_init();
  if (!curl) {
    outcome.error = "libcurl could not start";
    return outcome;
  }
  curl_slist* headers = nullptr;
  headers = curl_slist_append(headers, "Content-Type: application/json");
  headers = curl_slist_append(headers, "X-Experience-API-Version: 1.0.3");
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, "PUT");
  curl_easy_setopt(curl, CURLOPT_POSTFIELDS, row.statement.c_str());
  curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE,
                   static_cast<curl_off_t>(row.statement.size()));
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_HTTPAUTH, CURLAUTH_BASIC);
  curl_easy_setopt(curl, CURLOPT_USERNAME, settings_.username.c_str());
  curl_easy_setopt(curl, CURLOPT_PASSWORD, settings_.password.c_str());
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, settings_.connect_timeout_seconds);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, settings_.timeout_seconds);
  curl_easy_setopt(curl, CURLOPT_USERAGENT, "bulletin-lrs-forwarder");
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, CollectReply);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &transfer);
  curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, CheckAbort);
  curl_easy_setopt(curl, CURLOPT_XFERINFODATA, &transfer);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error_buffer);
  CURLcode code = curl_easy_perform(curl);
  long status = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  curl_slist_free_all(headers);
  curl_easy_cleanup(curl);

  if (code == CURLE_ABORTED_BY_CALLBACK) {
    outcome.aborted = true;
  } else if (code != CURLE_OK) {
    outcome.error = error_buffer[0] ? error_buffer : curl_easy_strerror(code);
  } else if ((status >= 200 && status < 300) || status == 409) {
    // 409: the LRS already holds a statement with this id, i.e. an earlier try arrived.
    outcome.delivered = true;
  } else {
    std::string reply(Trim(std::string_view(transfer.reply).substr(0, 200)));
    for (char& c : reply) {
      if (c == '\n' || c == '\r' || c == '\t') c = ' ';
    }
    outcome.error = "HTTP " + std::to_string(status) + (reply.empty() ? "" : ": " + reply);
  }
  return outcome;
}

bool LrsForwarder::MarkFailed(const OutboxRow& row, const Outcome& outcome, int64_t now) {
  int tries = row.tries + 1;
  int64_t next = now + LrsBackoffSeconds(tries, options_.base_delay_seconds,
                                         options_.max_delay_seconds, Jitter());
  std::string err;
  if (!outbox_->MarkFailed(row.id, tries, outcome.error, next, &err)) {
    LogOutboxError(err);
    return false;
  }
  return true;
}

bool PrepareLrsForwarding(const std::string& endpoint, const std::string& credentials_file,
                          const std::string& content_dir, const SiteConfig& site,
                          LrsSettings* settings, StoreOptions* store_options, std::string* err) {
  settings->endpoint = endpoint;
  if (!NormaliseLrsEndpoint(&settings->endpoint, err) ||
      !LoadLrsCredentials(credentials_file, content_dir, settings, err)) {
    return false;
  }
  store_options->outbox_statement = [&site](const RecordedAttempt& recorded) {
    return XapiStatement(site, XapiAttemptFrom(recorded)).dump();
  };
  return true;
}

}  // namespace bulletin
