#include "geo/bookmarks.h"

#include <filesystem>

#include <cpl_json.h>

#include "geo/error.h"
#include "geo/gdal_ptr.h"
#include "geo/staging.h"

namespace geo {

std::string bookmarks_path(const std::string& county_path)
{
    const std::filesystem::path county(county_path);
    return (county.parent_path() / (county.stem().string() + ".bookmarks.json")).string();
}

std::vector<Bookmark> load_bookmarks(const std::string& path)
{
    std::vector<Bookmark> bookmarks;
    if (!std::filesystem::exists(path))
        return bookmarks;
    CPLJSONDocument document;
    if (!document.Load(path))
        throw file_error(path, "not a valid bookmarks file (" + last_gdal_error("JSON syntax error") + ")");
    for (const auto& item : document.GetRoot().GetArray("bookmarks")) {
        Bookmark b;
        b.name = item.GetString("name");
        const CPLJSONArray extent = item.GetArray("extent");
        if (b.name.empty() || extent.Size() != 4)
            throw file_error(path, "each bookmark needs a name and an extent [xmin, ymin, xmax, ymax]");
        b.extent = {extent[0].ToDouble(), extent[1].ToDouble(), extent[2].ToDouble(), extent[3].ToDouble()};
        if (!(b.extent.min_x < b.extent.max_x && b.extent.min_y < b.extent.max_y))
            throw file_error(path, "bookmark '" + b.name + "' has an empty extent");
        b.map_2d = item.GetString("view", "3d") == "2d";
        bookmarks.push_back(std::move(b));
    }
    return bookmarks;
}

void save_bookmarks(const std::vector<Bookmark>& bookmarks, const std::string& path)
{
    CPLJSONArray list;
    for (const auto& b : bookmarks) {
        CPLJSONObject item;
        item.Add("name", b.name);
        CPLJSONArray extent;
        for (double v : {b.extent.min_x, b.extent.min_y, b.extent.max_x, b.extent.max_y})
            extent.Add(v);
        item.Add("extent", extent);
        item.Add("view", b.map_2d ? "2d" : "3d");
        list.Add(item);
    }
    CPLJSONObject root;
    root.Add("bookmarks", list);
    CPLJSONDocument document;
    document.SetRoot(root);
    save_json_atomically(document, path, "the bookmarks");
}

} // namespace geo
