#include "core/secrets_file.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "core/text.h"

namespace bulletin {

namespace {

// Is `path` inside `dir`? Both made absolute and normal first.
bool IsInside(const std::string& path, const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path p = fs::weakly_canonical(fs::absolute(path), ec);
  fs::path d = fs::weakly_canonical(fs::absolute(dir), ec);
  auto mismatch = std::mismatch(d.begin(), d.end(), p.begin(), p.end());
  return mismatch.first == d.end();
}

}  // namespace

bool ReadSecrets(const std::string& file, const std::string& content_dir,
                 const std::vector<std::string>& keys, const std::string& what,
                 std::map<std::string, std::string>* values, std::string* err) {
  if (file.empty()) {
    for (const std::string& key : keys) {
      if (const char* v = std::getenv(key.c_str())) (*values)[key] = v;
    }
    return true;
  }
  if (!content_dir.empty() && IsInside(file, content_dir)) {
    *err = file + ": the file holding " + what + " must not be inside " + content_dir +
           "/ (content is published and kept in version control); move it, e.g. to "
           "/etc/bulletin/, readable only by the server's user";
    return false;
  }
  std::ifstream in(file);
  if (!in) {
    *err = file + ": cannot read the file holding " + what;
    return false;
  }
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    std::string_view trimmed = Trim(line);
    if (trimmed.empty() || trimmed[0] == '#') continue;
    size_t eq = trimmed.find('=');
    std::string key(Trim(trimmed.substr(0, eq)));
    std::string value(eq == std::string_view::npos ? "" : Trim(trimmed.substr(eq + 1)));
    if (std::find(keys.begin(), keys.end(), key) == keys.end()) {
      *err = file + ":" + std::to_string(number) + ": expected " + Join(keys, "=... or ") + "=...";
      return false;
    }
    (*values)[key] = value;
  }
  return true;
}

}  // namespace bulletin
