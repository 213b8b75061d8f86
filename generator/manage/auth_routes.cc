#include "manage/auth_routes.h"

#include <sodium.h>

#include <cctype>
#include <iostream>

#include "core/text.h"
#include "manage/accounts.h"
#include "server/form.h"
#include "server/multipart.h"
#include "server/origin.h"
#include "server/page_renderer.h"
#include "store/audit_log.h"

namespace bulletin {
namespace {

constexpr char kLoginPath[] = "/manage/login";
constexpr char kHomePath[] = "/manage/";
constexpr size_t kMaxNextBytes = 512;
constexpr size_t kMaxFormFields = 1000;
constexpr size_t kMaxParts = 1000;
constexpr size_t kMaxAuditEmailBytes = 254;

bool StartsWithType(const HttpRequest& request, std::string_view type) {
  const std::string* value = request.headers.Find("Content-Type");
  return value && AsciiLower(*value).starts_with(type);
}

HttpResponse SeeOther(const std::string& location) {
  HttpResponse response;
  response.status = 303;
  response.headers.Set("Location", location);
  response.headers.Set("Cache-Control", "no-store");
  return response;
}

// The "csrf" field of a urlencoded or multipart/form-data body; "" if absent or unreadable.
// With `prefix`, the body is only the first bytes of one still arriving: fields cut off at
// its end are left out.
std::string CsrfField(const HttpRequest& request, bool prefix = false) {
  if (StartsWithType(request, "application/x-www-form-urlencoded")) {
    std::string_view body = request.body;
    if (prefix)
      body = body.substr(0, body.rfind('&') == std::string_view::npos ? 0 : body.rfind('&'));
    FormFields form;
    return ParseForm(body, kMaxFormFields, &form) ? FormValue(form, "csrf") : "";
  }
  std::string boundary;
  const std::string* type = request.headers.Find("Content-Type");
  if (!type || !MultipartBoundary(*type, &boundary)) return "";
  std::vector<MultipartPart> parts;
  std::string err;
  bool parsed = prefix ? ParseMultipartPrefix(request.body, boundary, kMaxParts, &parts, &err)
                       : ParseMultipart(request.body, boundary, kMaxParts, &parts, &err);
  if (!parsed) return "";
  const MultipartPart* part = FindPart(parts, "csrf");
  return part && !part->has_filename ? part->body : "";
}

bool SameSecret(const std::string& a, const std::string& b) {
  return !a.empty() && a.size() == b.size() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string AuditEmail(const std::string& email) {
  std::string out = email.substr(0, kMaxAuditEmailBytes);
  return IsCleanText(out) ? out : "(unreadable)";
}

}  // namespace

std::string SessionCookieName(bool https) {
  return https ? "__Host-bulletin_session" : "bulletin_session";
}

std::optional<std::string> RequestCookie(const HttpRequest& request, const std::string& name) {
  for (const auto& [field, value] : request.headers.fields()) {
    if (AsciiLower(field) != "cookie") continue;
    std::string_view rest = value;
    while (!rest.empty()) {
      size_t semi = rest.find(';');
      std::string_view pair = Trim(rest.substr(0, semi));
      rest = semi == std::string_view::npos ? std::string_view() : rest.substr(semi + 1);
      size_t eq = pair.find('=');
      if (eq != std::string_view::npos && pair.substr(0, eq) == name) {
        return std::string(pair.substr(eq + 1));
      }
    }
  }
  return std::nullopt;
}

bool IsSafeNextPath(const std::string& next) {
  if (next.size() > kMaxNextBytes || !next.starts_with(kHomePath)) return false;
  // Browsers resolve dot segments and treat '\\' as '/' in the path, also when encoded;
  // the query cannot change where the redirect goes.
  const std::string path = AsciiLower(next.substr(0, next.find('?')));
  for (const char* bad : {"//", "\\", "..", "%2e", "%2f", "%5c"}) {
    if (path.find(bad) != std::string::npos) return false;
  }
  for (char c : next) {
    unsigned char u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u >= 0x7f) return false;
  }
  return true;
}

AuthRoutes::AuthRoutes(const PageRenderer* pages, AccountStore* accounts, AuditLog* audit)
    : pages_(pages),
      accounts_(accounts),
      audit_(audit),
      https_(AsciiLower(pages->site().base_url).starts_with("https://")),
      cookie_name_(SessionCookieName(https_)) {}

void AuthRoutes::AddTo(Router* router) const {
  router->Add("GET", kLoginPath, [this](const HttpRequest& r) { return LoginForm(r); });
  router->Add(
      "POST", kLoginPath, [this](const HttpRequest& r) { return LoginPost(r); },
      HandlerPool::kSlow);
  router->Add(
      "POST", "/manage/logout",
      Action([this](const HttpRequest& r, const ManagerSession& s) { return Logout(r, s); }));
}

std::string AuthRoutes::SetCookie(const std::string& value, bool clear) const {
  // Over https the __Host- prefix pins the cookie to this host; it requires Path=/.
  std::string cookie =
      cookie_name_ + "=" + value + (https_ ? "; Path=/; Secure" : "; Path=/manage/");
  cookie += "; HttpOnly; SameSite=Strict";
  if (clear) cookie += "; Max-Age=0";
  return cookie;
}

std::optional<ManagerSession> AuthRoutes::SessionOf(const HttpRequest& request,
                                                    std::string* err) const {
  std::optional<std::string> token = RequestCookie(request, cookie_name_);
  if (!token) return std::nullopt;
  std::optional<ManagerSession> session = accounts_->Resume(*token, err);
  if (session) session->address = ClientAddress(request);
  return session;
}

bool AuthRoutes::MayUpload(const HttpRequest& head) const {
  if (head.method != "POST" || !head.path.starts_with(kHomePath) || head.path == kLoginPath) {
    return false;
  }
  if (IsCrossSite(head, pages_->site().base_url)) return false;
  std::string err;  // a database that cannot be read allows no upload: the body is refused
  std::optional<ManagerSession> session = SessionOf(head, &err);
  return session && SameSecret(CsrfField(head, true), session->csrf_token);
}

HttpHandler AuthRoutes::Page(ManagerHandler handler) const {
  return [this, handler = std::move(handler)](const HttpRequest& request) {
    std::string err;
    std::optional<ManagerSession> session = SessionOf(request, &err);
    if (!err.empty()) return pages_->Unavailable(err);
    if (!session) {
      std::string location = kLoginPath;
      if (IsSafeNextPath(request.target)) {
        location += "?next=" + EncodeQueryValue(request.target, "/");
      }
      return SeeOther(location);
    }
    HttpResponse response = handler(request, *session);
    response.headers.Set("Cache-Control", "no-store");
    return response;
  };
}

HttpHandler AuthRoutes::Action(ManagerHandler handler) const {
  return [this, handler = std::move(handler)](const HttpRequest& request) {
    if (IsCrossSite(request, pages_->site().base_url)) {
      return Refused("This form was sent from another website",
                     "For your safety, changes are only accepted from this site's own pages.");
    }
    std::string err;
    std::optional<ManagerSession> session = SessionOf(request, &err);
    if (!err.empty()) return pages_->Unavailable(err);
    if (!session) return SeeOther(kLoginPath);
    if (!SameSecret(CsrfField(request), session->csrf_token)) {
      return Refused("This form could not be accepted",
                     "It did not come from a page of your current session. Go back, reload "
                     "the page and try again.");
    }
    HttpResponse response = handler(request, *session);
    response.headers.Set("Cache-Control", "no-store");
    return response;
  };
}

HttpResponse AuthRoutes::Refused(const std::string& heading, const std::string& why) const {
  return pages_->Message(403, heading, {why}, kHomePath, "Go to the manager pages");
}

HttpResponse AuthRoutes::Form(int status, const std::string& email, const std::string& next,
                              const std::vector<std::pair<std::string, std::string>>& errors,
                              bool signed_out) const {
  nlohmann::json context = {{"email", email},
                            {"next", IsSafeNextPath(next) ? next : ""},
                            {"signed_out", signed_out},
                            {"has_errors", !errors.empty()},
                            {"errors", nlohmann::json::array()}};
  for (const auto& [field, message] : errors) {
    context["errors"].push_back({{"href", "#" + field}, {"message", message}});
    context[field + "_error"] = message;
  }
  return pages_->Render(status, "manage_login", std::move(context), kLoginPath,
                        errors.empty() ? "Sign in" : "Error: Sign in");
}

HttpResponse AuthRoutes::LoginForm(const HttpRequest& request) const {
  FormFields query;
  ParseForm(request.query, kMaxFormFields, &query);
  std::string next = FormValue(query, "next");
  std::string err;
  if (SessionOf(request, &err)) return SeeOther(IsSafeNextPath(next) ? next : kHomePath);
  return Form(200, "", next, {}, FormValue(query, "signed_out") == "1");
}

HttpResponse AuthRoutes::LoginPost(const HttpRequest& request) const {
  if (IsCrossSite(request, pages_->site().base_url)) {
    return Refused("This form was sent from another website",
                   "For your safety, you can only sign in from this site's own sign-in page.");
  }
  FormFields form;
  if (!StartsWithType(request, "application/x-www-form-urlencoded") ||
      !ParseForm(request.body, kMaxFormFields, &form)) {
    return Form(400, "", "", {{"email", "Sign in from this page"}}, false);
  }
  const std::string email(Trim(FormValue(form, "email")));
  const std::string password = FormValue(form, "password");
  const std::string next = FormValue(form, "next");
  std::vector<std::pair<std::string, std::string>> errors;
  if (email.empty()) errors.emplace_back("email", "Enter your email address");
  if (password.empty()) errors.emplace_back("password", "Enter your password");
  if (!errors.empty()) return Form(400, email, next, errors, false);

  const std::string address = ClientAddress(request);
  LoginResult result = accounts_->Login(email, password, address);
  AuditEntry entry{accounts_->Now(), AuditEmail(email), "", "", "", address};
  std::string err;
  switch (result.outcome) {
    case LoginResult::Outcome::kUnavailable:
      return pages_->Unavailable(result.error);
    case LoginResult::Outcome::kThrottled: {
      entry.action = "login-throttled";
      if (!audit_->Record(entry, &err)) return pages_->Unavailable(err);
      const std::string minutes = std::to_string(result.retry_after_minutes);
      HttpResponse response = pages_->Message(
          429, "Too many attempts to sign in",
          {"For your security, signing in is paused after repeated attempts with a wrong "
           "email address or password.",
           "Try again in " + minutes + (minutes == "1" ? " minute." : " minutes."),
           "If you have forgotten your password, ask your partnership's administrator to "
           "reset it."},
          kLoginPath, "Go to the sign-in page");
      response.headers.Set("Retry-After", std::to_string(result.retry_after_minutes * 60));
      return response;
    }
    case LoginResult::Outcome::kRefused:
      entry.action = "login-failed";
      if (!audit_->Record(entry, &err)) return pages_->Unavailable(err);
      return Form(400, email, next,
                  {{"email",
                    "The email address or password is not right: check them and try "
                    "again"}},
                  false);
    case LoginResult::Outcome::kSignedIn:
      break;
  }
  // A session that came with the request ends: every sign-in gets a new one.
  if (std::optional<std::string> old = RequestCookie(request, cookie_name_)) {
    accounts_->Logout(*old);
  }
  entry.actor = result.manager.email;
  entry.organisation = result.manager.organisation;
  entry.action = "login";
  if (!audit_->Record(entry, &err)) {
    accounts_->Logout(result.token);  // a sign-in that cannot be audited does not happen
    return pages_->Unavailable(err);
  }
  HttpResponse response = SeeOther(IsSafeNextPath(next) ? next : kHomePath);
  response.headers.Set("Set-Cookie", SetCookie(result.token, false));
  return response;
}

HttpResponse AuthRoutes::Logout(const HttpRequest& request, const ManagerSession& session) const {
  if (std::optional<std::string> token = RequestCookie(request, cookie_name_)) {
    accounts_->Logout(*token);
  }
  std::string err;
  if (!audit_->Record(
          {accounts_->Now(), session.email, session.organisation, "logout", "", session.address},
          &err)) {
    std::cerr << "bulletin serve: " << err << '\n';  // signed out all the same
  }
  HttpResponse response = SeeOther(std::string(kLoginPath) + "?signed_out=1");
  response.headers.Set("Set-Cookie", SetCookie("", true));
  return response;
}

}  // namespace bulletin
