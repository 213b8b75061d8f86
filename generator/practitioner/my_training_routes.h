#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "quiz/quiz.h"
#include "server/http_types.h"
#include "server/router.h"

namespace SQLite {
class Database;
}

namespace bulletin {

class AuditLog;
class ComplianceEngine;
class PageRenderer;
class SignInRoutes;
class SignInStore;

/// "My training" for the signed-in practitioner:
///
/// - GET /my/: each quiz assigned to them with its state (held until a date, due soon,
///   overdue, never taken) and a link to take it; their certificates; every attempt; and a
///   link to download everything held about them. Not signed in: 303 to /sign-in?next=/my/.
/// - GET /my/export.json: that download, the same JSON as `bulletin admin export-person`;
///   written to the audit log.
class MyTrainingRoutes {
 public:
  /// Keeps pointers to everything passed; they must outlive this object. Opens its own
  /// read-only connection to `db_path`; throws std::exception if it cannot.
  MyTrainingRoutes(const PageRenderer* pages, const SignInRoutes* sign_in, SignInStore* store,
                   ComplianceEngine* compliance, const std::vector<Quiz>* quizzes,
                   const std::string& db_path, AuditLog* audit);
  ~MyTrainingRoutes();

  void AddTo(Router* router) const;

  HttpResponse Page(const HttpRequest& request) const;
  HttpResponse Export(const HttpRequest& request) const;

 private:
  const PageRenderer* pages_;
  const SignInRoutes* sign_in_;
  SignInStore* store_;
  ComplianceEngine* compliance_;
  const std::vector<Quiz>* quizzes_;
  AuditLog* audit_;
  mutable std::mutex mu_;
  std::unique_ptr<SQLite::Database> db_;
};

}  // namespace bulletin
