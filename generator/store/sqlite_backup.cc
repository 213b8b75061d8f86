#include <SQLiteCpp/Backup.h>
#include <SQLiteCpp/SQLiteCpp.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>

#include "store/backup.h"
#include "store/database.h"

namespace bulletin {

bool BackupDatabase(const std::string& db_path, const std::string& out_path, bool force,
                    std::string* err) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::exists(db_path, ec)) {
    *err = db_path + ": no database here; pass --db with the file bulletin serve uses";
    return false;
  }
  if (!force && fs::exists(out_path, ec)) {
    *err = out_path + ": already exists; choose another name or pass --force to replace it";
    return false;
  }
  fs::path out(out_path);
  std::string tmp =
      (out.parent_path() / ("." + out.filename().string() + ".tmp-" + std::to_string(::getpid())))
          .string();
  auto fail = [&](const std::string& message) {
    fs::remove(tmp, ec);
    fs::remove(tmp + "-journal", ec);
    *err = message;
    return false;
  };
  try {
    if (out.has_parent_path()) fs::create_directories(out.parent_path());
    {
      std::unique_ptr<SQLite::Database> source = OpenDatabase(db_path, /*read_only=*/true);
      SQLite::Database copy(tmp, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
      SQLite::Backup backup(copy, *source);
      backup.executeStep(-1);  // one step: a consistent snapshot; WAL lets serve keep writing
      copy.exec("PRAGMA journal_mode=DELETE");
      std::string check = copy.execAndGet("PRAGMA integrity_check").getString();
      if (check != "ok") return fail(out_path + ": the copy failed its integrity check: " + check);
    }
    int fd = ::open(tmp.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0 || ::fsync(fd) != 0) {
      if (fd >= 0) ::close(fd);
      return fail(out_path + ": cannot sync the copy to disk");
    }
    ::close(fd);
    unsigned flags = force ? 0 : RENAME_NOREPLACE;
    if (::renameat2(AT_FDCWD, tmp.c_str(), AT_FDCWD, out_path.c_str(), flags) != 0) {
      return fail(out_path + (errno == EEXIST ? ": already exists; pass --force to replace it"
                                              : ": cannot move the copy into place"));
    }
    std::string dir = out.has_parent_path() ? out.parent_path().string() : ".";
    int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
      ::fsync(dfd);
      ::close(dfd);
    }
    return true;
  } catch (const std::exception& e) {
    return fail(db_path + ": backup failed: " + e.what());
  }
}

}  // namespace bulletin
