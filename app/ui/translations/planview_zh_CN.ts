<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ui::AttributeTableDock</name>
    <message>
        <location filename="../attribute_table_dock.cpp" line="19"/>
        <source>Attribute table</source>
        <translation>属性表</translation>
    </message>
    <message>
        <location filename="../attribute_table_dock.cpp" line="27"/>
        <source>Filter (OGR SQL WHERE), e.g. land_use_code = &apos;1001&apos;</source>
        <translation>筛选（OGR SQL WHERE），如 land_use_code = &apos;1001&apos;</translation>
    </message>
    <message>
        <location filename="../attribute_table_dock.cpp" line="28"/>
        <source>Filter</source>
        <translation>筛选</translation>
    </message>
    <message numerus="yes">
        <location filename="../attribute_table_dock.cpp" line="82"/>
        <location filename="../attribute_table_dock.cpp" line="92"/>
        <source>%n feature(s)</source>
        <translation>
            <numerusform>%n 个要素</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../attribute_table_dock.cpp" line="97"/>
        <source>%n feature(s) match</source>
        <translation>
            <numerusform>%n 个要素符合</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ui::IdentifyDock</name>
    <message>
        <location filename="../identify_dock.cpp" line="21"/>
        <source>Identify</source>
        <translation>要素查询</translation>
    </message>
    <message>
        <location filename="../identify_dock.cpp" line="26"/>
        <source>Click a feature on the map.</source>
        <translation>在地图上点击要素。</translation>
    </message>
    <message>
        <location filename="../identify_dock.cpp" line="30"/>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <location filename="../identify_dock.cpp" line="30"/>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <location filename="../identify_dock.cpp" line="40"/>
        <source>Nothing here.</source>
        <translation>此处无要素。</translation>
    </message>
    <message>
        <location filename="../identify_dock.cpp" line="55"/>
        <source>Layer %1, feature %2</source>
        <translation>图层 %1，要素 %2</translation>
    </message>
    <message>
        <location filename="../identify_dock.cpp" line="62"/>
        <source>Area</source>
        <translation>面积</translation>
    </message>
    <message>
        <location filename="../identify_dock.cpp" line="64"/>
        <source>Geometry</source>
        <translation>几何</translation>
    </message>
    <message>
        <location filename="../identify_dock.cpp" line="64"/>
        <source>invalid in the source; repaired with MakeValid for display and figures</source>
        <translation>源数据几何无效；已用 MakeValid 修复后显示和计算</translation>
    </message>
    <message>
        <location filename="../identify_dock.cpp" line="66"/>
        <source>On permanent basic farmland</source>
        <translation>占永久基本农田</translation>
    </message>
    <message>
        <location filename="../identify_dock.cpp" line="67"/>
        <source>On the ecological red line</source>
        <translation>占生态保护红线</translation>
    </message>
    <message>
        <location filename="../identify_dock.cpp" line="68"/>
        <source>Outside the urban development boundary</source>
        <translation>城镇开发边界外</translation>
    </message>
    <message>
        <location filename="../identify_dock.cpp" line="69"/>
        <source>Conflict</source>
        <translation>冲突</translation>
    </message>
    <message>
        <location filename="../identify_dock.cpp" line="69"/>
        <source>none</source>
        <translation>无</translation>
    </message>
</context>
<context>
    <name>ui::LayerTreeDock</name>
    <message>
        <location filename="../layer_tree_dock.cpp" line="34"/>
        <source>Layers</source>
        <translation>图层</translation>
    </message>
    <message>
        <location filename="../layer_tree_dock.cpp" line="45"/>
        <source>Opacity</source>
        <translation>不透明度</translation>
    </message>
    <message>
        <location filename="../layer_tree_dock.cpp" line="51"/>
        <source>Up</source>
        <translation>上移</translation>
    </message>
    <message>
        <location filename="../layer_tree_dock.cpp" line="52"/>
        <source>Draw this layer above the next one</source>
        <translation>将此图层移到上一层</translation>
    </message>
    <message>
        <location filename="../layer_tree_dock.cpp" line="54"/>
        <source>Down</source>
        <translation>下移</translation>
    </message>
    <message>
        <location filename="../layer_tree_dock.cpp" line="55"/>
        <source>Draw this layer below the previous one</source>
        <translation>将此图层移到下一层</translation>
    </message>
    <message>
        <location filename="../layer_tree_dock.cpp" line="57"/>
        <source>Zoom</source>
        <translation>缩放</translation>
    </message>
    <message>
        <location filename="../layer_tree_dock.cpp" line="58"/>
        <source>Zoom to this layer</source>
        <translation>缩放至此图层</translation>
    </message>
</context>
<context>
    <name>ui::MainWindow</name>
    <message>
        <location filename="../main_window.cpp" line="42"/>
        <source>PlanView</source>
        <translation>PlanView 国土空间规划三维浏览</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="59"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="93"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="94"/>
        <source>&amp;Open...</source>
        <translation>打开(&amp;O)...</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="96"/>
        <source>Open data</source>
        <translation>打开数据</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="96"/>
        <source>GIS data (*.gpkg *.shp *.geojson *.json *.kml *.gdb *.tif);;All files (*)</source>
        <translation>GIS 数据 (*.gpkg *.shp *.geojson *.json *.kml *.gdb *.tif);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="101"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="103"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="104"/>
        <source>&amp;Home view</source>
        <translation>初始视图(&amp;H)</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="105"/>
        <source>&amp;2D map view (north up)</source>
        <translation>二维地图视图（上北）(&amp;2)</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="108"/>
        <source>Zoom to &amp;selection</source>
        <translation>缩放至选中要素(&amp;S)</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="127"/>
        <source>Vertical &amp;exaggeration</source>
        <translation>垂直夸张(&amp;E)</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="207"/>
        <source>PlanView - %1</source>
        <translation>PlanView - %1</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="225"/>
        <source>Bad filter: %1</source>
        <translation>筛选条件有误：%1</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="288"/>
        <source>%1  X %2  Y %3   |   %4°E %5°N   |   height %6 m</source>
        <translation>%1  X %2  Y %3   |   东经 %4°  北纬 %5°   |   高程 %6 米</translation>
    </message>
</context>
</TS>
