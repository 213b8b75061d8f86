#include <curl/curl.h>
#include <sys/socket.h>

#include <algorithm>
#include <cstring>
#include <mutex>

#include "mail/mail_transport.h"

namespace bulletin {

namespace {

constexpr size_t kMaxReply = 300;  // enough for any server's error text

struct Upload {
  const std::string* data = nullptr;
  size_t offset = 0;
  const std::atomic<bool>* abort = nullptr;
  std::string last_reply;  // the server's last line, "250 2.0.0 Ok: queued as ..."
  std::string refusal;     // its first 4xx or 5xx line
};

size_t ReadMessage(char* buffer, size_t size, size_t count, void* user) {
  auto* upload = static_cast<Upload*>(user);
  size_t n = std::min(size * count, upload->data->size() - upload->offset);
  std::memcpy(buffer, upload->data->data() + upload->offset, n);
  upload->offset += n;
  return n;
}

int CheckAbort(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  return static_cast<Upload*>(user)->abort->load() ? 1 : 0;
}

// The server's replies reach the debug callback as "header in" lines.
int WatchReplies(CURL*, curl_infotype type, char* data, size_t size, void* user) {
  if (type != CURLINFO_HEADER_IN) return 0;
  std::string line(data, std::min(size, kMaxReply));
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
  for (char& c : line) {
    if (static_cast<unsigned char>(c) < 0x20) c = ' ';
  }
  auto* upload = static_cast<Upload*>(user);
  upload->last_reply = line;
  // The first refusal is the answer that matters, not the "221 Bye" that follows it.
  if (upload->refusal.empty() && (line[0] == '4' || line[0] == '5')) upload->refusal = line;
  return 0;
}

class SmtpTransport : public MailTransport {
 public:
  explicit SmtpTransport(MailSettings settings) : settings_(std::move(settings)) {
    static std::once_flag curl_init;
    std::call_once(curl_init, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
    curl_ = curl_easy_init();
  }
  ~SmtpTransport() override {
    if (curl_) curl_easy_cleanup(curl_);
  }

  Delivery Deliver(const QueuedMail& mail, const std::atomic<bool>& abort) override {
    Delivery delivery;
    if (!curl_) {
      delivery.reply = "libcurl could not start";
      return delivery;
    }
    Upload upload{&mail.content, 0, &abort, {}, {}};
    curl_slist* recipients = curl_slist_append(nullptr, ("<" + mail.recipient + ">").c_str());
    std::string from = "<" + mail.envelope_from + ">";
    char error[CURL_ERROR_SIZE] = {0};
    Configure(&upload, recipients, from, error);
    CURLcode code = curl_easy_perform(curl_);
    long status = 0;
    curl_easy_getinfo(curl_, CURLINFO_RESPONSE_CODE, &status);
    curl_slist_free_all(recipients);
    delivery.code = static_cast<int>(status);
    delivery.reply = upload.refusal.empty() ? upload.last_reply : upload.refusal;
    if (code == CURLE_ABORTED_BY_CALLBACK) {
      // Close the connection, so a server still waiting to answer sees the client gone
      // rather than the message complete.
      // libcurl would say QUIT and wait for the answer first; shut the socket instead.
      curl_socket_t socket = CURL_SOCKET_BAD;
      curl_easy_getinfo(curl_, CURLINFO_ACTIVESOCKET, &socket);
      if (socket != CURL_SOCKET_BAD) ::shutdown(socket, SHUT_RDWR);
      curl_easy_cleanup(curl_);
      curl_ = curl_easy_init();
      delivery.result = Delivery::Result::kAborted;
    } else if (code == CURLE_OK) {
      delivery.result = Delivery::Result::kAccepted;
    } else {
      // A refused login or a relay without TLS is the settings' fault, not the message's:
      // keep every message until the administrator puts it right.
      bool settings = code == CURLE_LOGIN_DENIED || code == CURLE_USE_SSL_FAILED ||
                      code == CURLE_SSL_CONNECT_ERROR || code == CURLE_PEER_FAILED_VERIFICATION;
      // No SMTP answer to judge by (refused, timed out, cut off), or 421: the server, not
      // the message.
      delivery.outage = settings || status < 400 || status == 421;
      delivery.result = status >= 500 && status < 600 && !settings ? Delivery::Result::kPermanent
                                                                   : Delivery::Result::kTemporary;
      std::string what = error[0] ? error : curl_easy_strerror(code);
      if (delivery.reply.empty() || status < 400) {
        delivery.reply = what;
      } else {
        delivery.reply += " (" + what + ")";
      }
    }
    return delivery;
  }

 private:
  void Configure(Upload* upload, curl_slist* recipients, const std::string& from, char* error) {
    CURL* c = curl_;
    curl_easy_reset(c);  // keeps the open connection, forgets the last message's options
    curl_easy_setopt(c, CURLOPT_URL, settings_.smtp_url.c_str());
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
    bool implicit_tls = settings_.smtp_url.rfind("smtps://", 0) == 0;
    curl_easy_setopt(c, CURLOPT_USE_SSL,
                     implicit_tls || !IsLoopbackSmtpUrl(settings_.smtp_url)
                         ? static_cast<long>(CURLUSESSL_ALL)
                         : static_cast<long>(CURLUSESSL_TRY));
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
    if (!settings_.ca_file.empty()) curl_easy_setopt(c, CURLOPT_CAINFO, settings_.ca_file.c_str());
    if (!settings_.username.empty()) {
      curl_easy_setopt(c, CURLOPT_USERNAME, settings_.username.c_str());
      curl_easy_setopt(c, CURLOPT_PASSWORD, settings_.password.c_str());
    }
    curl_easy_setopt(c, CURLOPT_MAIL_FROM, from.c_str());
    curl_easy_setopt(c, CURLOPT_MAIL_RCPT, recipients);
    curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(c, CURLOPT_READFUNCTION, ReadMessage);
    curl_easy_setopt(c, CURLOPT_READDATA, upload);
    curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(upload->data->size()));
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, settings_.connect_timeout_seconds);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, settings_.timeout_seconds);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, CheckAbort);
    curl_easy_setopt(c, CURLOPT_XFERINFODATA, upload);
    curl_easy_setopt(c, CURLOPT_VERBOSE, 1L);  // for the debug callback: no output of its own
    curl_easy_setopt(c, CURLOPT_DEBUGFUNCTION, WatchReplies);
    curl_easy_setopt(c, CURLOPT_DEBUGDATA, upload);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error);
  }

  MailSettings settings_;
  CURL* curl_ = nullptr;
};

}  // namespace

std::unique_ptr<MailTransport> MakeSmtpTransport(const MailSettings& settings) {
  return std::make_unique<SmtpTransport>(settings);
}

}  // namespace bulletin
