#pragma once
// Writing a result so that nobody sees it half-written and nobody can steer where it goes: it
// is written in a private folder beside its destination, then moved into place by rename.
#include <string>

class CPLJSONDocument;

namespace geo {

// A folder beside `destination`, named unpredictably and created exclusively (mkdtemp: mode
// 0700, never an existing path or a symbolic link someone planted), removed with anything still
// in it when the object goes. Two processes writing the same destination never share one.
class StagingDir {
public:
    // Throws geo::Error naming `destination` when the folder cannot be created.
    explicit StagingDir(const std::string& destination);
    ~StagingDir();
    StagingDir(const StagingDir&) = delete;
    StagingDir& operator=(const StagingDir&) = delete;

    // `file_name` inside the folder.
    std::string path_for(const std::string& file_name) const;
    // Moves `staged` (a file inside the folder) onto `destination`, replacing it atomically on
    // the same file system. Throws geo::Error naming `destination`.
    static void move_into_place(const std::string& staged, const std::string& destination);

private:
    std::string folder_;
};

// Writes `document` to `path` through a StagingDir. `what` names the content in errors
// ("the bookmarks"). Throws geo::Error naming `path`.
void save_json_atomically(const CPLJSONDocument& document, const std::string& path, const std::string& what);

} // namespace geo
