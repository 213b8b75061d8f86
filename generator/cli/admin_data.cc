// `bulletin admin export-person | purge | backup`: data protection for administrators.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/admin_command.h"
#include "manage/data_protection.h"
#include "manage/xapi.h"
#include "store/backup.h"
#include "store/data_layer.h"

namespace bulletin {

namespace {

int64_t Now() { return static_cast<int64_t>(std::time(nullptr)); }

// The admin commands read and change an existing database; they never make an empty one.
std::unique_ptr<DataLayer> OpenExisting(const AdminOptions& options, const std::string& command) {
  if (!std::filesystem::exists(options.db_path)) {
    std::cerr << "bulletin admin " << command << ": " << options.db_path
              << ": no database here; pass --db with the file bulletin serve uses\n";
    return nullptr;
  }
  return OpenAdminData(options, command);
}

// Writes `text` to `path` readable by its owner only, atomically (temporary file, rename).
bool WritePrivateFile(const std::string& path, const std::string& text, std::string* err) {
  std::string tmp = path + ".tmp-" + std::to_string(::getpid());
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  bool ok = fd >= 0;
  size_t done = 0;
  while (ok && done < text.size()) {
    ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    ok = n > 0;
    if (ok) done += static_cast<size_t>(n);
  }
  ok = ok && ::fsync(fd) == 0;
  if (fd >= 0) ok = ::close(fd) == 0 && ok;
  ok = ok && ::rename(tmp.c_str(), path.c_str()) == 0;
  if (!ok) {
    ::unlink(tmp.c_str());
    *err = path + ": cannot write the file";
  }
  return ok;
}

int RunExportPerson(const AdminOptions& options, const std::string& email,
                    const std::string& out_path) {
  std::unique_ptr<DataLayer> data = OpenExisting(options, "export-person");
  if (!data) return 1;
  std::optional<nlohmann::json> person;
  std::string err;
  if (!ExportPerson(data->personal_data(), email, Now(), &person, &err)) {
    std::cerr << "bulletin admin export-person: " << options.db_path << ": " << err << '\n';
    return 1;
  }
  if (!AuditCommand(
          *data, "export-person", "export-person",
          email + (person ? "" : ": nothing held") + (out_path.empty() ? "" : " to " + out_path))) {
    return 1;
  }
  if (!person) {
    std::cerr << "bulletin admin export-person: nothing is held about " << email
              << " (no learner record, attempt, roster entry, manager account or audit entry "
                 "with that email, in any letter case)\n";
    return 1;
  }
  std::string text = person->dump(2) + "\n";
  if (out_path.empty()) {
    std::cout << text;
    return 0;
  }
  if (!WritePrivateFile(out_path, text, &err)) {
    std::cerr << "bulletin admin export-person: " << err << '\n';
    return 1;
  }
  std::cout << "wrote everything held about " << email << " to " << out_path << '\n';
  return 0;
}

int RunPurge(const AdminOptions& options, int months, bool dry_run, bool anonymise) {
  std::unique_ptr<DataLayer> data = OpenExisting(options, "purge");
  if (!data) return 1;
  PurgeReport r;
  std::string err;
  if (!data->personal_data().Purge(RetentionCutoff(Now(), months), anonymise, dry_run, &r, &err)) {
    std::cerr << "bulletin admin purge: " << options.db_path << ": " << err << '\n';
    return 1;
  }
  std::string verb = dry_run ? " would be " : " ";
  std::string text = std::to_string(r.attempts) + " attempts made before " +
                     IsoUtcTimestamp(r.cutoff) + verb + (anonymise ? "anonymised" : "deleted") +
                     "; " + std::to_string(r.certificates) + " certificates and " +
                     std::to_string(r.outbox_rows) + " LRS outbox rows" + verb + "deleted; " +
                     std::to_string(r.learners) + " learners left with no attempts" + verb +
                     "removed";
  if (dry_run) {
    std::cout << "dry run, nothing changed: " << text << '\n';
    return 0;
  }
  if (!AuditCommand(*data, "purge", anonymise ? "purge-anonymise" : "purge",
                    "older than " + std::to_string(months) + " months: " + text)) {
    return 1;
  }
  std::cout << text << '\n';
  return 0;
}

int RunBackup(const AdminOptions& options, const std::string& out_path, bool force) {
  std::string err;
  if (!BackupDatabase(options.db_path, out_path, force, &err)) {
    std::cerr << "bulletin admin backup: " << err << '\n';
    return 1;
  }
  std::unique_ptr<DataLayer> data = OpenAdminData(options, "backup");
  if (!data || !AuditCommand(*data, "backup", "backup", "to " + out_path)) return 1;
  std::cout << "backed up " << options.db_path << " to " << out_path
            << " (integrity check passed)\n";
  return 0;
}

// Runs `body`, turning a database exception into one line and exit status 1.
int Guarded(const std::string& command, const std::function<int()>& body) {
  try {
    return body();
  } catch (const std::exception& e) {
    std::cerr << "bulletin admin " << command << ": " << e.what() << '\n';
    return 1;
  }
}

}  // namespace

void AddDataCommands(CLI::App* admin, const AdminOptions* options, AdminRun* run) {
  struct Flags {
    std::string email, out, backup_file;
    int months = 0;
    bool dry_run = false, anonymise = false, force = false;
  };
  auto flags = std::make_shared<Flags>();

  CLI::App* person = admin->add_subcommand(
      "export-person", "everything held about one person, as JSON (subject-access request)");
  person->add_option("--email", flags->email, "their email address (any letter case)")->required();
  person->add_option("--out", flags->out, "write to this file (mode 0600) instead of stdout");
  person->callback([=] {
    *run = [=] {
      return Guarded("export-person",
                     [&] { return RunExportPerson(*options, flags->email, flags->out); });
    };
  });

  CLI::App* purge = admin->add_subcommand(
      "purge", "delete or anonymise attempts older than the retention period");
  purge->add_option("--older-than", flags->months, "retention period in months")
      ->required()
      ->check(CLI::Range(1, 1200));
  purge->add_flag("--dry-run", flags->dry_run, "print what would happen; change nothing");
  purge->add_flag("--anonymise", flags->anonymise,
                  "keep old attempts for totals, without name, answers or learner");
  purge->callback([=] {
    *run = [=] {
      return Guarded("purge", [&] {
        return RunPurge(*options, flags->months, flags->dry_run, flags->anonymise);
      });
    };
  });

  CLI::App* backup = admin->add_subcommand(
      "backup", "copy the database safely while bulletin serve runs (SQLite online backup)");
  backup->add_option("file", flags->backup_file, "where to write the copy")->required();
  backup->add_flag("--force", flags->force, "replace the file if it exists");
  backup->callback([=] {
    *run = [=] {
      return Guarded("backup",
                     [&] { return RunBackup(*options, flags->backup_file, flags->force); });
    };
  });
}

}  // namespace bulletin
