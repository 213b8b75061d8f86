#include "practitioner/sign_in_routes.h"

#include <sodium.h>

#include <ctime>

#include "core/text.h"
#include "mail/mailer.h"
#include "manage/accounts.h"
#include "manage/auth_routes.h"
#include "server/form.h"
#include "server/origin.h"
#include "server/page_renderer.h"
#include "store/audit_log.h"

namespace bulletin {

namespace {

constexpr char kSignInPath[] = "/sign-in";
constexpr char kLinkPath[] = "/sign-in/link";
constexpr char kDetailsPath[] = "/my/details";
constexpr size_t kMaxFields = 20;
constexpr size_t kMaxNameBytes = 200;

// 256 random bits, base64url without padding (43 characters).
std::string RandomToken() {
  unsigned char bytes[32];
  randombytes_buf(bytes, sizeof bytes);
  char text[sodium_base64_ENCODED_LEN(32, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
  sodium_bin2base64(text, sizeof text, bytes, sizeof bytes,
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  return text;
}

bool LooksLikeToken(const std::string& token) {
  if (token.size() != 43) return false;
  for (char c : token) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') return false;
  }
  return true;
}

bool SameSecret(const std::string& a, const std::string& b) {
  return !a.empty() && a.size() == b.size() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

HttpResponse SeeOther(const std::string& location) {
  HttpResponse response;
  response.status = 303;
  response.headers.Set("Location", location);
  response.headers.Set("Cache-Control", "no-store");
  return response;
}

FormFields FormOf(const HttpRequest& request) {
  FormFields form;
  if (!ParseForm(request.body, kMaxFields, &form)) form.clear();
  return form;
}

// A name or team as typed: clean text on one line, trimmed, bounded.
std::string CleanLine(const std::string& text) {
  std::string out(Trim(text));
  for (char& c : out) {
    if (c == '\r' || c == '\n' || c == '\t') c = ' ';
  }
  return IsCleanText(out) ? out.substr(0, kMaxNameBytes) : "";
}

MailContent LinkMessage(const SiteConfig& site, const std::string& email, const std::string& url,
                        int minutes) {
  MailContent c;
  c.to = {"", email};
  c.subject = "Sign in to " + site.short_name;
  const std::string when = std::to_string(minutes) + " minutes";
  c.text = "Someone, we hope you, asked to sign in to " + site.name +
           " with this email address.\n\nOpen this link within " + when +
           " to sign in. It works once:\n\n" + url +
           "\n\nIf you did not ask, you can ignore this message: nobody can sign in as you "
           "without this link.\n";
  c.html = "<!DOCTYPE html><html lang=\"" + HtmlEscape(site.language) +
           "\"><head><meta charset=\"utf-8\"><title>" + HtmlEscape(c.subject) +
           "</title></head><body><p>Someone, we hope you, asked to sign in to " +
           HtmlEscape(site.name) + " with this email address.</p><p>Open this link within " + when +
           " to sign in. It works once:</p><p><a href=\"" + HtmlEscape(url) + "\">" +
           HtmlEscape(url) +
           "</a></p><p>If you did not ask, you can ignore this message: nobody can sign in as "
           "you without this link.</p></body></html>\n";
  return c;
}

}  // namespace

std::string PractitionerCookieName(bool https) {
  return https ? "__Host-bulletin_person" : "bulletin_person";
}

bool IsSafePractitionerNext(const std::string& next) {
  if (next.size() > 512) return false;
  if (next != "/" && !next.starts_with("/quizzes/") && !next.starts_with("/my/")) return false;
  std::string path = AsciiLower(next.substr(0, next.find('?')));
  for (const char* bad : {"//", "\\", "..", "%2e", "%2f", "%5c"}) {
    if (path.find(bad) != std::string::npos) return false;
  }
  for (char c : next) {
    unsigned char u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u >= 0x7f) return false;
  }
  return true;
}

SignInRoutes::SignInRoutes(const PageRenderer* pages, SignInStore* store, Mailer* mailer,
                           AuditLog* audit, SignInOptions options)
    : pages_(pages),
      store_(store),
      mailer_(mailer),
      audit_(audit),
      options_(std::move(options)),
      https_(AsciiLower(pages->site().base_url).starts_with("https://")),
      cookie_name_(PractitionerCookieName(https_)) {
  if (!options_.now) options_.now = [] { return static_cast<int64_t>(std::time(nullptr)); };
}

void SignInRoutes::AddTo(Router* router) const {
  router->Add("GET", kSignInPath, [this](const HttpRequest& r) { return Form(r); });
  router->Add("POST", kSignInPath, [this](const HttpRequest& r) { return Request(r); });
  router->Add("GET", kLinkPath, [this](const HttpRequest& r) { return LinkPage(r); });
  router->Add("POST", kLinkPath, [this](const HttpRequest& r) { return UseLink(r); });
  router->Add("GET", kDetailsPath, [this](const HttpRequest& r) { return DetailsForm(r); });
  router->Add("POST", kDetailsPath, [this](const HttpRequest& r) { return SaveDetails(r); });
  router->Add("POST", "/sign-out", [this](const HttpRequest& r) { return SignOut(r); });
}

std::optional<PractitionerSession> SignInRoutes::SessionOf(const HttpRequest& request) const {
  std::optional<std::string> token = RequestCookie(request, cookie_name_);
  if (!token || !LooksLikeToken(*token)) return std::nullopt;
  return store_->ResumeSession(SessionTokenHash(*token), Now(), options_.idle_timeout_seconds,
                               options_.absolute_timeout_seconds, options_.touch_interval_seconds);
}

nlohmann::json SignInRoutes::HeaderContext(const std::optional<PractitionerSession>& session) {
  if (!session) return nullptr;
  return {{"email", session->person.email},
          {"name", session->person.name},
          {"csrf", session->csrf_token}};
}

std::string SignInRoutes::SetCookie(const std::string& value, bool clear) const {
  // Lax, not Strict: a practitioner arriving from a link in an e-mail is still signed in.
  // Every POST also needs the session's csrf field.
  std::string cookie = cookie_name_ + "=" + value + "; Path=/" + (https_ ? "; Secure" : "");
  cookie += "; HttpOnly; SameSite=Lax";
  if (clear) cookie += "; Max-Age=0";
  return cookie;
}

bool SignInRoutes::Audit(const std::string& actor, const std::string& organisation,
                         const std::string& action, const std::string& detail,
                         const HttpRequest& request, std::string* err) const {
  return audit_->Record({Now(), actor, organisation, action, detail, ClientAddress(request)}, err);
}

HttpResponse SignInRoutes::SignInPage(int status, nlohmann::json context) const {
  const std::string title = context.value("has_errors", false) ? "Error: Sign in" : "Sign in";
  return pages_->Render(status, "sign_in", std::move(context), kSignInPath, title);
}

HttpResponse SignInRoutes::Refused() const {
  return pages_->Message(403, "This form could not be accepted",
                         {"It did not come from this site's own pages, or from a page of your "
                          "current session. Go back, reload the page and try again."},
                         kSignInPath, "Go to the sign-in page");
}

HttpResponse SignInRoutes::DeadLink() const {
  return pages_->Message(
      400, "This sign-in link has expired or has been used",
      {"A sign-in link works once, for " + std::to_string(options_.link_minutes) + " minutes.",
       "Ask for a new one: it only takes a moment."},
      kSignInPath, "Get a new sign-in link");
}

HttpResponse SignInRoutes::Form(const HttpRequest& request) const {
  FormFields query;
  ParseForm(request.query, kMaxFields, &query);
  std::string next = FormValue(query, "next");
  nlohmann::json context = {{"next", IsSafePractitionerNext(next) ? next : ""},
                            {"signed_out", FormValue(query, "signed_out") == "1"},
                            {"minutes", options_.link_minutes}};
  if (std::optional<PractitionerSession> session = SessionOf(request)) {
    context["signed_in"] = true;
    context["person"] = HeaderContext(session);
  }
  return SignInPage(200, std::move(context));
}

// Who `email` signs in as: the roster first, else an organisation's email domain.
std::optional<Practitioner> SignInRoutes::WhoMayBe(const std::string& email) const {
  Practitioner p;
  p.email = AsciiLower(email);
  if (std::optional<RosterPerson> r = store_->FindOnRoster(email)) {
    p.name = r->name;
    p.organisation = r->organisation;
    p.team = r->team;
    return p;
  }
  if (const Organisation* o = pages_->site().OrganisationForEmail(email)) {
    p.organisation = o->id;
    return p;
  }
  return std::nullopt;
}

bool SignInRoutes::SendLink(const std::string& email, const std::string& next, int64_t now,
                            const std::vector<std::string>& keys) const {
  std::string token = RandomToken();
  SignInLink link{SessionTokenHash(token), AsciiLower(email), next, now,
                  now + options_.link_minutes * 60};
  std::string url = pages_->site().base_url + "sign-in/link?token=" + token;
  OutgoingMail mail;
  std::string err;
  if (!ComposeMail(LinkMessage(pages_->site(), link.email, url, options_.link_minutes),
                   mailer_->settings().from, "sign-in", now, &mail, &err)) {
    return false;
  }
  store_->RecordRequest(keys, now, now - options_.request_window_seconds, &link, &mail);
  mailer_->Wake();
  return true;
}

HttpResponse SignInRoutes::Request(const HttpRequest& request) const {
  if (IsCrossSite(request, pages_->site().base_url)) return Refused();
  FormFields form = FormOf(request);
  const std::string email = AsciiLower(Trim(FormValue(form, "email")));
  std::string next = FormValue(form, "next");
  if (!IsSafePractitionerNext(next)) next = "";
  if (!IsWellFormedEmail(email)) {
    std::string message = email.empty() ? "Enter your work email address"
                                        : "Enter an email address like name@example.org.uk";
    return SignInPage(400, {{"email", FormValue(form, "email").substr(0, 254)},
                            {"next", next},
                            {"minutes", options_.link_minutes},
                            {"has_errors", true},
                            {"email_error", message},
                            {"errors", {{{"href", "#email"}, {"message", message}}}}});
  }
  const int64_t now = Now();
  const std::string address = ClientAddress(request);
  const int64_t since = now - options_.request_window_seconds;
  if (store_->CountRequestsSince("address:" + address, since) >= options_.address_request_limit) {
    if (std::string err; !Audit(email, "", "person-sign-in-throttled",
                                "too many requests from this address", request, &err))
      return pages_->Unavailable(err);
    HttpResponse response = pages_->Message(
        429, "Too many requests for sign-in links",
        {"For everyone's security, sign-in links are paused after many requests from one place.",
         "Try again in " + std::to_string(options_.request_window_seconds / 60) + " minutes."},
        kSignInPath, "Go to the sign-in page");
    response.headers.Set("Retry-After", std::to_string(options_.request_window_seconds));
    return response;
  }
  std::vector<std::string> keys = {"email:" + email, "address:" + address};
  std::string outcome;
  if (store_->CountRequestsSince("email:" + email, since) >= options_.email_request_limit) {
    store_->RecordRequest(keys, now, since, nullptr, nullptr);
    outcome = "not sent: too many requests for this address";
  } else if (!WhoMayBe(email)) {
    store_->RecordRequest(keys, now, since, nullptr, nullptr);
    outcome = "not sent: not on the roster nor in an organisation's email domain";
  } else {
    outcome = SendLink(email, next, now, keys) ? "link sent" : "not sent: the address was refused";
  }
  if (std::string err; !Audit(email, "", "person-sign-in-requested", outcome, request, &err))
    return pages_->Unavailable(err);
  return SignInPage(200, {{"sent", true}, {"email", email}, {"minutes", options_.link_minutes}});
}

HttpResponse SignInRoutes::LinkPage(const HttpRequest& request) const {
  FormFields query;
  ParseForm(request.query, kMaxFields, &query);
  std::string token = FormValue(query, "token");
  if (!LooksLikeToken(token) || !store_->PeekLink(SessionTokenHash(token), Now())) {
    return DeadLink();
  }
  HttpResponse response =
      pages_->Render(200, "sign_in_link", {{"token", token}}, kLinkPath, "Sign in");
  // The token must not leak to other sites through Referer. Not "no-referrer": with it
  // browsers send "Origin: null" with the button's POST, which is refused as cross-site.
  response.headers.Set("Referrer-Policy", "same-origin");
  return response;
}

HttpResponse SignInRoutes::UseLink(const HttpRequest& request) const {
  if (IsCrossSite(request, pages_->site().base_url)) return Refused();
  std::string token = FormValue(FormOf(request), "token");
  const int64_t now = Now();
  std::optional<SignInLink> link;
  if (LooksLikeToken(token)) link = store_->UseLink(SessionTokenHash(token), now);
  if (!link) return DeadLink();
  std::optional<Practitioner> who = WhoMayBe(link->email);
  if (!who) {
    if (std::string err;
        !Audit(link->email, "", "person-sign-in-refused", "no longer on the roster", request, &err))
      return pages_->Unavailable(err);
    return pages_->Message(403, "This address can no longer sign in",
                           {"It is not on your organisation's staff list any more. Ask your "
                            "manager or your partnership's administrator."},
                           "/", "Go to the home page");
  }
  std::string replaced;
  if (std::optional<std::string> old = RequestCookie(request, cookie_name_)) {
    if (LooksLikeToken(*old)) replaced = SessionTokenHash(*old);
  }
  std::string session_token = RandomToken();
  PractitionerSession session =
      store_->StartSession(*who, SessionTokenHash(session_token), RandomToken(), replaced, now);
  if (std::string err; !Audit(session.person.email, session.person.organisation, "person-sign-in",
                              "", request, &err))
    return pages_->Unavailable(err);
  std::string next = link->next.empty() ? "/my/" : link->next;
  std::string location = session.person.name.empty()
                             ? std::string(kDetailsPath) + "?next=" + EncodeQueryValue(next, "/")
                             : next;
  HttpResponse response = SeeOther(location);
  response.headers.Set("Set-Cookie", SetCookie(session_token, false));
  return response;
}

HttpResponse SignInRoutes::DetailsForm(const HttpRequest& request) const {
  std::optional<PractitionerSession> session = SessionOf(request);
  if (!session)
    return SeeOther(std::string(kSignInPath) + "?next=" + EncodeQueryValue(kDetailsPath, "/"));
  FormFields query;
  ParseForm(request.query, kMaxFields, &query);
  std::string next = FormValue(query, "next");
  const Organisation* org = pages_->site().FindOrganisation(session->person.organisation);
  return pages_->Render(200, "my_details",
                        {{"person", HeaderContext(session)},
                         {"name", session->person.name},
                         {"team", session->person.team},
                         {"organisation", org ? org->name : session->person.organisation},
                         {"next", IsSafePractitionerNext(next) ? next : ""}},
                        kDetailsPath, "Your details");
}

HttpResponse SignInRoutes::SaveDetails(const HttpRequest& request) const {
  if (IsCrossSite(request, pages_->site().base_url)) return Refused();
  std::optional<PractitionerSession> session = SessionOf(request);
  if (!session) return SeeOther(kSignInPath);
  FormFields form = FormOf(request);
  if (!SameSecret(FormValue(form, "csrf"), session->csrf_token)) return Refused();
  std::string name = CleanLine(FormValue(form, "name"));
  std::string team = CleanLine(FormValue(form, "team"));
  std::string next = FormValue(form, "next");
  if (name.empty()) {
    const Organisation* org = pages_->site().FindOrganisation(session->person.organisation);
    return pages_->Render(400, "my_details",
                          {{"person", HeaderContext(session)},
                           {"name", ""},
                           {"team", team},
                           {"organisation", org ? org->name : session->person.organisation},
                           {"next", IsSafePractitionerNext(next) ? next : ""},
                           {"has_errors", true},
                           {"name_error", "Enter your name"},
                           {"errors", {{{"href", "#name"}, {"message", "Enter your name"}}}}},
                          kDetailsPath, "Error: Your details");
  }
  store_->UpdateDetails(session->person.id, name, team);
  return SeeOther(IsSafePractitionerNext(next) ? next : "/my/");
}

HttpResponse SignInRoutes::SignOut(const HttpRequest& request) const {
  if (IsCrossSite(request, pages_->site().base_url)) return Refused();
  std::optional<PractitionerSession> session = SessionOf(request);
  if (session) {
    if (!SameSecret(FormValue(FormOf(request), "csrf"), session->csrf_token)) return Refused();
    store_->EndSession(SessionTokenHash(*RequestCookie(request, cookie_name_)));
    if (std::string err; !Audit(session->person.email, session->person.organisation,
                                "person-sign-out", "", request, &err))
      return pages_->Unavailable(err);
  }
  HttpResponse response = SeeOther(std::string(kSignInPath) + "?signed_out=1");
  response.headers.Set("Set-Cookie", SetCookie("", true));
  return response;
}

}  // namespace bulletin
