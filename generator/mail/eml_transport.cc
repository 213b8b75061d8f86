#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "mail/mail_transport.h"

namespace bulletin {

namespace {

// The Message-ID with anything but letters, digits, '.', '-' and '@' as '_': a file name.
std::string FileNameFor(const QueuedMail& mail) {
  std::string name = std::to_string(mail.id) + "-";
  for (char c : mail.message_id) {
    name +=
        std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '@' ? c : '_';
  }
  return name + ".eml";
}

bool WriteAll(int fd, const std::string& data) {
  size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<size_t>(n);
  }
  return true;
}

class EmlFolderTransport : public MailTransport {
 public:
  explicit EmlFolderTransport(std::string dir) : dir_(std::move(dir)) {}

  Delivery Deliver(const QueuedMail& mail, const std::atomic<bool>&) override {
    Delivery delivery;
    std::error_code ec;
    std::filesystem::create_directories(dir_, ec);
    std::string final_path = dir_ + "/" + FileNameFor(mail);
    std::string temp_path = final_path + ".tmp";
    int fd = ::open(temp_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
    bool ok = fd >= 0 && WriteAll(fd, mail.content) && ::fsync(fd) == 0;
    int saved = errno;
    if (fd >= 0) ::close(fd);
    if (ok && ::rename(temp_path.c_str(), final_path.c_str()) != 0) {
      ok = false;
      saved = errno;
    }
    if (!ok) {
      delivery.reply = "cannot write " + final_path + ": " + std::strerror(saved);
      delivery.outage = true;
      return delivery;  // temporary: a full disk or a permission can be put right
    }
    delivery.result = Delivery::Result::kAccepted;
    delivery.reply = "written to " + final_path;
    return delivery;
  }

 private:
  std::string dir_;
};

}  // namespace

std::unique_ptr<MailTransport> MakeEmlFolderTransport(const std::string& dir) {
  return std::make_unique<EmlFolderTransport>(dir);
}

std::unique_ptr<MailTransport> MakeMailTransport(const MailSettings& settings) {
  if (settings.smtp_url.empty()) return MakeEmlFolderTransport(settings.eml_dir);
  return MakeSmtpTransport(settings);
}

}  // namespace bulletin
