#pragma once

#include <string>

#include "core/date.h"

namespace bulletin {

enum class ScaffoldKind { kBrief, kBulletin, kQuiz, kPage };

/// The text of a new content file of `kind` titled `title`, dated `today`, whose front
/// matter is valid for a site that has the theme `first_theme`.
std::string ScaffoldText(ScaffoldKind kind, const std::string& title, const Date& today,
                         const std::string& first_theme);

/// "briefs", "bulletins", "quizzes", "pages".
const char* ScaffoldFolder(ScaffoldKind kind);

}  // namespace bulletin
