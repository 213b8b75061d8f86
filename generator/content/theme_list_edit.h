#pragma once

#include <string>

namespace bulletin {

/// `bulletin new theme "Neglect"`: adds a theme to the text of site.yaml by editing the
/// text, so the file's comments, order and layout stay as the author left them. The new
/// entry goes after the last entry of the top-level `themes:` list (before any comment
/// that opens the next section), indented and keyed like the first entry (`- slug: ...`
/// then `name: ...`, or `- name: ...` alone if entries give no slug); the slug is made
/// from the name. Returns false and says why in *err (the text unchanged) if the name has
/// no letter or digit, the theme (by slug or name, any case) is already listed, the list
/// is written in a form this cannot extend (`themes: [...]`), or the result would not be
/// a valid site.yaml. *slug receives the new theme's slug.
bool AddThemeToSiteYaml(std::string* site_yaml, const std::string& name, std::string* slug,
                        std::string* err);

}  // namespace bulletin
