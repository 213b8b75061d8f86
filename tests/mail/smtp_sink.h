#pragma once

// A real SMTP server for the mail tests: tests/mail/smtp_sink.py (Debian's python3-aiosmtpd)
// on a free loopback port, with what it received read back from its folder.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <string>
#include <vector>

#include "server/http_test_support.h"
#include "support/test_support.h"

namespace bulletin::testing {

class SmtpSink {
 public:
  /// Starts the server; `auth` ("user:password") makes it require that login. A test using
  /// it must ASSERT_TRUE(sink.started()): a machine without python3-aiosmtpd fails the
  /// test with the reason (printed by smtp_sink.py to stderr), never skips it.
  explicit SmtpSink(const std::string& auth = "") {
    std::vector<std::string> args = {"/usr/bin/python3", SourceDir() + "/tests/mail/smtp_sink.py",
                                     folder_.path()};
    if (!auth.empty()) {
      args.push_back("--auth");
      args.push_back(auth);
    }
    child_ = std::make_unique<Child>(args);
    std::optional<std::string> line = child_->ReadLine(std::chrono::seconds(30));
    std::smatch m;
    if (line && std::regex_match(*line, m, std::regex("port ([0-9]+)"))) {
      port_ = std::stoi(m[1].str());
    }
  }

  bool started() const { return port_ > 0; }
  /// Why it did not start, for the assertion message.
  static std::string Missing() {
    return "the test SMTP server (tests/mail/smtp_sink.py) did not start: it needs Debian's "
           "python3-aiosmtpd at /usr/bin/python3 (sudo apt-get install python3-aiosmtpd, or "
           "scripts/setup); its own message is above";
  }
  int port() const { return port_; }
  std::string url() const { return "smtp://127.0.0.1:" + std::to_string(port_); }
  const std::string& folder() const { return folder_.path(); }

  /// What it answers from now on: "accept", "tempfail", "permfail", "close", "slow 5".
  void SetMode(const std::string& mode) {
    std::string tmp = folder_ / "mode.tmp";
    std::ofstream(tmp) << mode << '\n';
    std::filesystem::rename(tmp, folder_ / "mode");
  }

  /// True while it holds a DATA answer in "slow" mode.
  bool Holding() const { return std::filesystem::exists(folder_ / "holding"); }

  /// Every message accepted so far, in the order accepted.
  std::vector<std::string> Messages() const {
    std::vector<std::string> names;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(folder_ / "messages", ec)) {
      if (entry.path().extension() == ".eml") names.push_back(entry.path().string());
    }
    std::sort(names.begin(), names.end());
    std::vector<std::string> messages;
    for (const std::string& name : names) messages.push_back(ReadAll(name));
    return messages;
  }

  size_t Count() const {
    size_t n = 0;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(folder_ / "messages", ec)) {
      if (entry.path().extension() == ".eml") ++n;
    }
    return n;
  }

  /// The logins tried, "user ok" or "user refused", one a line.
  std::string Logins() const { return ReadAll(folder_ / "logins"); }

 private:
  TempDir folder_;
  std::unique_ptr<Child> child_;
  int port_ = 0;
};

/// The Message-ID of a message (without <>), "" if it has none.
inline std::string MessageIdOf(const std::string& message) {
  std::smatch m;
  if (std::regex_search(message, m, std::regex("\r\nMessage-ID: <([^>\r\n]+)>"))) return m[1];
  return "";
}

/// Waits up to `seconds` for `done`, polling every 20 ms; returns done().
template <typename F>
bool WaitFor(F done, int seconds = 60) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return true;
}

}  // namespace bulletin::testing
