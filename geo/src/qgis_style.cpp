#include "geo/qgis_style.h"

#include <ctime>

#include <ogrsf_frmts.h>

#include "geo/error.h"
#include "geo/gdal_ptr.h"

namespace geo {
namespace {

constexpr const char* kStyleTable = "layer_styles";

std::string xml_escaped(const std::string& text)
{
    std::string out;
    for (const char c : text) {
        switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        case '\'':
            out += "&apos;";
            break;
        default:
            out += c;
        }
    }
    return out;
}

std::string colour_text(const QmlColour& c)
{
    return std::to_string(c.r) + "," + std::to_string(c.g) + "," + std::to_string(c.b) + "," + std::to_string(c.a);
}

// A fill symbol in the <prop k= v=> form every QGIS 3 reads.
std::string symbol_xml(const QmlFill& symbol, const std::string& name)
{
    auto prop = [](const char* key, const std::string& value) {
        return std::string("      <prop k=\"") + key + "\" v=\"" + xml_escaped(value) + "\"/>\n";
    };
    return "    <symbol type=\"fill\" name=\"" + name +
           "\" alpha=\"1\" clip_to_extent=\"1\" force_rhr=\"0\">\n"
           "     <layer class=\"SimpleFill\" pass=\"0\" locked=\"0\" enabled=\"1\">\n" +
           prop("color", colour_text(symbol.fill)) + prop("outline_color", colour_text(symbol.outline)) +
           prop("outline_style", "solid") + prop("outline_width", std::to_string(symbol.outline_mm)) +
           prop("outline_width_unit", "MM") + prop("style", symbol.filled ? "solid" : "no") +
           "     </layer>\n    </symbol>\n";
}

std::string document(const std::string& renderer)
{
    return "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n"
           "<qgis version=\"3.22.0\" styleCategories=\"Symbology\">\n" +
           renderer + " <layerGeometryType>2</layerGeometryType>\n</qgis>\n";
}

OGRLayer& style_table(GDALDataset& gpkg)
{
    if (OGRLayer* existing = gpkg.GetLayerByName(kStyleTable))
        return *existing;
    OGRLayer* table = gpkg.CreateLayer(kStyleTable, nullptr, wkbNone, nullptr);
    if (table == nullptr)
        throw Error(std::string("cannot create the layer_styles table: ") + last_gdal_error("GDAL refused"));
    const std::pair<const char*, OGRFieldType> fields[] = {{"f_table_catalog", OFTString},
                                                           {"f_table_schema", OFTString},
                                                           {"f_table_name", OFTString},
                                                           {"f_geometry_column", OFTString},
                                                           {"styleName", OFTString},
                                                           {"styleQML", OFTString},
                                                           {"styleSLD", OFTString},
                                                           {"useAsDefault", OFTInteger},
                                                           {"description", OFTString},
                                                           {"owner", OFTString},
                                                           {"ui", OFTString},
                                                           {"update_time", OFTDateTime}};
    for (const auto& [name, type] : fields) {
        OGRFieldDefn defn(name, type);
        if (type == OFTInteger)
            defn.SetSubType(OFSTBoolean);
        table->CreateField(&defn);
    }
    return *table;
}

} // namespace

std::string single_fill_qml(const QmlFill& symbol)
{
    return document(" <renderer-v2 type=\"singleSymbol\" forceraster=\"0\" symbollevels=\"0\" enableorderby=\"0\">\n"
                    "  <symbols>\n" +
                    symbol_xml(symbol, "0") + "  </symbols>\n </renderer-v2>\n");
}

std::string categorised_fill_qml(const std::string& expression, const std::vector<QmlClass>& classes)
{
    std::string categories, symbols;
    for (std::size_t i = 0; i < classes.size(); ++i) {
        const std::string id = std::to_string(i);
        categories += "   <category render=\"true\" symbol=\"" + id + "\" value=\"" + xml_escaped(classes[i].value) +
                      "\" label=\"" + xml_escaped(classes[i].label) + "\"/>\n";
        symbols += symbol_xml(classes[i].symbol, id);
    }
    return document(" <renderer-v2 type=\"categorizedSymbol\" attr=\"" + xml_escaped(expression) +
                    "\" forceraster=\"0\" symbollevels=\"0\" enableorderby=\"0\">\n  <categories>\n" + categories +
                    "  </categories>\n  <symbols>\n" + symbols + "  </symbols>\n </renderer-v2>\n");
}

void save_qgis_style(GDALDataset& gpkg, const std::string& layer, const std::string& geometry_column,
                     const std::string& style_name, const std::string& qml)
{
    OGRLayer& table = style_table(gpkg);
    FeaturePtr row(OGRFeature::CreateFeature(table.GetLayerDefn()));
    // QGIS looks a layer's default style up by an empty schema, the table and geometry column.
    row->SetField("f_table_catalog", "");
    row->SetField("f_table_schema", "");
    row->SetField("f_table_name", layer.c_str());
    row->SetField("f_geometry_column", geometry_column.c_str());
    row->SetField("styleName", style_name.c_str());
    row->SetField("styleQML", qml.c_str());
    row->SetField("styleSLD", "");
    row->SetField("useAsDefault", 1);
    row->SetField("description", "PlanView");
    row->SetField("owner", "");
    row->SetField("ui", "");
    const std::time_t now = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&now, &utc);
    row->SetField("update_time", utc.tm_year + 1900, utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min,
                  static_cast<float>(utc.tm_sec), 100);
    if (table.CreateFeature(row.get()) != OGRERR_NONE)
        throw Error("cannot store the QGIS style of layer '" + layer + "': " + last_gdal_error("GDAL refused"));
}

} // namespace geo
