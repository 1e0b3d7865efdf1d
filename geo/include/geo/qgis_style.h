#pragma once
// Styles QGIS shows by itself when it opens a GeoPackage PlanView wrote: QML in the
// GeoPackage's `layer_styles` table, as QGIS's own "Save style to database" stores it.
#include <string>
#include <vector>

class GDALDataset;

namespace geo {

struct QmlColour {
    unsigned char r = 0, g = 0, b = 0, a = 255;
};

struct QmlFill {
    QmlColour fill;
    QmlColour outline{60, 60, 60, 255};
    double outline_mm = 0.26;
    bool filled = true; // false: outline only
};

struct QmlClass {
    std::string value; // what the renderer's expression evaluates to
    std::string label; // the legend's text
    QmlFill symbol;
};

// A QML document drawing every polygon with `symbol`.
std::string single_fill_qml(const QmlFill& symbol);
// A QML document colouring polygons by the value of `expression` (a field name or a QGIS
// expression); features matching no class are not drawn.
std::string categorised_fill_qml(const std::string& expression, const std::vector<QmlClass>& classes);

// Stores `qml` as the default style of `layer` (geometry column `geometry_column`) in the
// GeoPackage `gpkg`, creating its layer_styles table if needed. Throws geo::Error naming the
// layer when GDAL cannot write it.
void save_qgis_style(GDALDataset& gpkg, const std::string& layer, const std::string& geometry_column,
                     const std::string& style_name, const std::string& qml);

} // namespace geo
