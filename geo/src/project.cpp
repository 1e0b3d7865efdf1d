#include "geo/project.h"

#include <filesystem>

#include <cpl_json.h>

#include "geo/error.h"
#include "geo/staging.h"

namespace geo {
namespace {

namespace fs = std::filesystem;

constexpr int kFormatVersion = 1;

// A path as stored: relative to the project's folder when it lies on the same file system
// tree; a connection string (PG:…) unchanged.
std::string stored(const std::string& path, const fs::path& folder)
{
    if (path.empty() || path.rfind("PG:", 0) == 0 || path.rfind("/vsi", 0) == 0)
        return path;
    std::error_code ec;
    const fs::path relative = fs::relative(fs::absolute(path, ec), folder, ec);
    return ec || relative.empty() ? fs::absolute(path).string() : relative.generic_string();
}

std::string resolved(const std::string& path, const fs::path& folder)
{
    if (path.empty() || path.rfind("PG:", 0) == 0 || path.rfind("/vsi", 0) == 0 || fs::path(path).is_absolute())
        return path;
    return (folder / path).lexically_normal().string();
}

CPLJSONArray triple(const std::array<double, 3>& v)
{
    CPLJSONArray a;
    for (const double x : v)
        a.Add(x);
    return a;
}

std::array<double, 3> triple_of(const CPLJSONArray& a)
{
    std::array<double, 3> v{};
    for (int i = 0; i < 3 && i < a.Size(); ++i)
        v[static_cast<std::size_t>(i)] = a[i].ToDouble();
    return v;
}

} // namespace

bool is_project_path(const std::string& path)
{
    return fs::path(path).extension() == kProjectExtension;
}

Project load_project(const std::string& path)
{
    std::error_code ec;
    if (!fs::exists(path, ec))
        throw file_error(path, "no such file or directory");
    CPLJSONDocument document;
    if (!document.Load(path))
        throw file_error(path, "not a readable JSON project file");
    const CPLJSONObject root = document.GetRoot();
    if (root.GetInteger("planview_project", 0) < 1)
        throw file_error(path, "not a PlanView project (no \"planview_project\" version)");
    if (root.GetInteger("planview_project", 0) > kFormatVersion)
        throw file_error(path, "written by a newer PlanView (project format " +
                                   std::to_string(root.GetInteger("planview_project", 0)) + ")");
    const fs::path folder = fs::absolute(path).parent_path();
    Project project;
    for (const auto& source : root.GetArray("sources"))
        project.sources.push_back(resolved(source.ToString(), folder));
    if (project.sources.empty())
        throw file_error(path, "the project names no source");
    project.dem = resolved(root.GetString("dem"), folder);
    project.targets = resolved(root.GetString("targets"), folder);
    project.bookmarks = resolved(root.GetString("bookmarks"), folder);
    project.review_db = resolved(root.GetString("review_db"), folder);
    for (const auto& layer : root.GetArray("layers")) {
        ProjectLayer l;
        l.name = layer.GetString("name");
        l.visible = layer.GetBool("visible", true);
        l.opacity = layer.GetDouble("opacity", 1.0);
        l.style_field = layer.GetString("style_field");
        l.label_field = layer.GetString("label_field");
        if (!l.name.empty())
            project.layers.push_back(std::move(l));
    }
    const CPLJSONObject camera = root.GetObj("camera");
    if (camera.IsValid() && camera.GetArray("eye").Size() == 3)
        project.camera = ProjectCamera{triple_of(camera.GetArray("eye")), triple_of(camera.GetArray("center")),
                                       triple_of(camera.GetArray("up"))};
    return project;
}

void save_project(const Project& project, const std::string& path)
{
    const fs::path folder = fs::absolute(path).parent_path();
    CPLJSONDocument document;
    CPLJSONObject root = document.GetRoot();
    root.Add("planview_project", kFormatVersion);
    CPLJSONArray sources;
    for (const auto& source : project.sources)
        sources.Add(stored(source, folder));
    root.Add("sources", sources);
    root.Add("dem", stored(project.dem, folder));
    root.Add("targets", stored(project.targets, folder));
    root.Add("bookmarks", stored(project.bookmarks, folder));
    if (!project.review_db.empty())
        root.Add("review_db", stored(project.review_db, folder));
    CPLJSONArray layers;
    for (const auto& layer : project.layers) {
        CPLJSONObject l;
        l.Add("name", layer.name);
        l.Add("visible", layer.visible);
        l.Add("opacity", layer.opacity);
        l.Add("style_field", layer.style_field);
        l.Add("label_field", layer.label_field);
        layers.Add(l);
    }
    root.Add("layers", layers);
    if (project.camera) {
        CPLJSONObject camera;
        camera.Add("eye", triple(project.camera->eye));
        camera.Add("center", triple(project.camera->center));
        camera.Add("up", triple(project.camera->up));
        root.Add("camera", camera);
    }
    save_json_atomically(document, path, "the project");
}

} // namespace geo
