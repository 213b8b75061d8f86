// A stand-in Learning Record Store for tests: the project's own HTTP server on 127.0.0.1
// taking PUT /xapi/statements?statementId=..., failing or accepting as told.
// Header-only because the test build compiles only *_test.cc files.
#pragma once

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

#include "server/http_test_support.h"
#include "server/server.h"

namespace bulletin::testing {

// What the stand-in LRS saw and how it behaves; outlives each server run.
struct LrsState {
  enum class Mode { kFail, kSlow, kAccept };
  std::atomic<Mode> mode{Mode::kFail};
  std::mutex mu;
  int requests = 0;
  std::map<std::string, int> stored;  // statementId -> times accepted
  std::map<std::string, HttpRequest> last_request;
};

// A real HTTP server answering PUT /xapi/statements?statementId=...
class LrsStandIn {
 public:
  LrsStandIn(LrsState* state, const TempSite& dir, int port = 0) {
    server_.router().AddPrefix("PUT", "/xapi/statements", [state](const HttpRequest& r) {
      std::string id = r.query.rfind("statementId=", 0) == 0 ? r.query.substr(12) : "";
      {
        std::lock_guard<std::mutex> lock(state->mu);
        ++state->requests;
        state->last_request[id] = r;
      }
      HttpResponse response;
      switch (state->mode.load()) {
        case LrsState::Mode::kFail:
          response.status = 500;
          response.body = "database unavailable\n";
          return response;
        case LrsState::Mode::kSlow:
          std::this_thread::sleep_for(std::chrono::milliseconds(2500));
          response.status = 503;
          return response;
        case LrsState::Mode::kAccept:
          break;
      }
      std::lock_guard<std::mutex> lock(state->mu);
      ++state->stored[id];
      response.status = 204;
      return response;
    });
    ServerOptions options = TestOptions(dir.site());
    options.port = port;
    options.max_body_bytes = 64 * 1024;
    std::string err;
    EXPECT_TRUE(server_.Start(options, &err)) << err;
  }
  int port() const { return server_.port(); }

 private:
  Server server_;
};

}  // namespace bulletin::testing
