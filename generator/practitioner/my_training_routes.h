#pragma once

#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "quiz/quiz.h"
#include "server/http_types.h"
#include "server/router.h"

namespace bulletin {

class AuditLog;
class ComplianceEngine;
class PageRenderer;
class PersonalData;
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
  /// Keeps pointers to everything passed; they must outlive this object. What is held about
  /// the person comes from the data layer's `data` (as `bulletin admin export-person`).
  MyTrainingRoutes(const PageRenderer* pages, const SignInRoutes* sign_in, SignInStore* store,
                   ComplianceEngine* compliance, const std::vector<Quiz>* quizzes,
                   PersonalData* data, AuditLog* audit);

  void AddTo(Router* router) const;

  HttpResponse Page(const HttpRequest& request) const;
  HttpResponse Export(const HttpRequest& request) const;

 private:
  /// Everything held about `email` (ExportPerson's JSON; {} when nothing is).
  bool Held(const std::string& email, nlohmann::json* held, std::string* err) const;

  const PageRenderer* pages_;
  const SignInRoutes* sign_in_;
  SignInStore* store_;
  ComplianceEngine* compliance_;
  const std::vector<Quiz>* quizzes_;
  PersonalData* data_;
  AuditLog* audit_;
};

}  // namespace bulletin
