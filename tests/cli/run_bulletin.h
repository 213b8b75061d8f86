// Runs the real `bulletin` binary for the CLI tests. Header-only because the test build
// compiles only *_test.cc files.
#pragma once

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <string>

namespace bulletin::testing {

struct Result {
  int status = -1;
  std::string output;  // stdout and stderr together
};

// Runs `bulletin ARGS` in `cwd` through the shell.
inline Result RunBulletin(const std::string& cwd, const std::string& args) {
  std::string cmd = "cd '" + cwd + "' && '" BULLETIN_BINARY "' " + args + " 2>&1";
  Result r;
  FILE* p = ::popen(cmd.c_str(), "r");
  std::array<char, 4096> buf;
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) r.output.append(buf.data(), n);
  int status = ::pclose(p);
  r.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

}  // namespace bulletin::testing
