#pragma once

#include <map>
#include <string>
#include <vector>

namespace bulletin {

/// Reads the secrets for a service (an LRS login, an SMTP login) from `file` when it is not
/// empty, otherwise from the environment variables named by `keys`. The file has lines
/// `KEY=value`, the format of a systemd EnvironmentFile (blank lines and # comments
/// allowed); only `keys` may appear. A file inside `content_dir` is refused: content is
/// published and kept in version control. `what` names the secrets in messages ("the SMTP
/// login"). Keys found go into *values; returns false and sets *err (what to fix) if the
/// file cannot be read or holds anything else.
bool ReadSecrets(const std::string& file, const std::string& content_dir,
                 const std::vector<std::string>& keys, const std::string& what,
                 std::map<std::string, std::string>* values, std::string* err);

}  // namespace bulletin
