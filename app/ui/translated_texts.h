#pragma once
// The fixed texts of a widget, set again when the user switches language. Each is its English
// source (marked with QT_TR_NOOP so lupdate finds it) and what to do with its translation; the
// owner passes its own tr() so the owner's translation context applies.
#include <QString>
#include <functional>
#include <vector>

namespace ui {

class TranslatedTexts {
public:
    // Remembers `source` for `set`; call apply() to set it (first at construction).
    void add(const char* source, std::function<void(const QString&)> set)
    {
        items_.push_back({source, std::move(set)});
    }
    template <typename Translate> void apply(Translate translate) const
    {
        for (const auto& item : items_)
            item.set(translate(item.source));
    }

private:
    struct Item {
        const char* source;
        std::function<void(const QString&)> set;
    };
    std::vector<Item> items_;
};

} // namespace ui
