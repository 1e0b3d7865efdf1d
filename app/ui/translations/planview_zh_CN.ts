<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>FieldLabels</name>
    <message>
        <source>Parcel ID</source>
        <translation>地块编号</translation>
    </message>
    <message>
        <source>Land-use code</source>
        <translation>用地用海代码</translation>
    </message>
    <message>
        <source>Land-use class</source>
        <translation>用地用海类型</translation>
    </message>
    <message>
        <source>Town</source>
        <translation>乡镇（街道）</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Supply year</source>
        <translation>供应年份</translation>
    </message>
    <message>
        <source>Planned floor area ratio</source>
        <translation>规划容积率</translation>
    </message>
    <message>
        <source>Height (m)</source>
        <translation>高度（米）</translation>
    </message>
    <message>
        <source>Patch ID</source>
        <translation>图斑编号</translation>
    </message>
    <message>
        <source>Area (mu)</source>
        <translation>面积（亩）</translation>
    </message>
    <message>
        <source>Area (km²)</source>
        <translation>面积（平方千米）</translation>
    </message>
    <message>
        <source>Quality grade</source>
        <translation>质量等别</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Function</source>
        <translation>功能</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>级别</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Plan</source>
        <translation>规划</translation>
    </message>
    <message>
        <source>Planned start</source>
        <translation>计划开工</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>已开工</translation>
    </message>
    <message>
        <source>Future village</source>
        <translation>未来乡村</translation>
    </message>
    <message>
        <source>Year approved</source>
        <translation>批准年份</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>代码</translation>
    </message>
    <message>
        <source>Division code</source>
        <translation>行政区划代码</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>Cannot write %1</source>
        <translation>无法写入 %1</translation>
    </message>
    <message>
        <source>met</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>on track</source>
        <translation>进度正常</translation>
    </message>
    <message>
        <source>behind</source>
        <translation>滞后</translation>
    </message>
    <message>
        <source>No source holds the layer %1</source>
        <translation>没有数据源包含图层 %1</translation>
    </message>
</context>
<context>
    <name>ui::AttributeTableDock</name>
    <message>
        <source>Attribute table</source>
        <translation>属性表</translation>
    </message>
    <message>
        <source>Filter (OGR SQL WHERE), e.g. land_use_code = '1001'</source>
        <translation>筛选（OGR SQL WHERE），如 land_use_code = '1001'</translation>
    </message>
    <message>
        <source>Filter</source>
        <translation>筛选</translation>
    </message>
    <message numerus="yes">
        <source>%n feature(s)</source>
        <translation>
            <numerusform>%n 个要素</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n feature(s) match</source>
        <translation>
            <numerusform>%n 个要素符合</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n feature(s): %1</source>
        <translation>
            <numerusform>%n 个要素：%1</numerusform>
        </translation>
    </message>
    <message>
        <source>Filtering...</source>
        <translation>正在筛选...</translation>
    </message>
    <message>
        <source>Reading the features of %1 from its source...</source>
        <translation>正在从数据源读取 %1 的要素...</translation>
    </message>
    <message>
        <source>Sorting...</source>
        <translation>正在排序…</translation>
    </message>
    <message numerus="yes">
        <source>%n feature(s), read from the sources as they are shown (viewed as pictures)</source>
        <translation>
            <numerusform>%n 个要素，显示时从数据源读取（以图片方式浏览）</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ui::BookmarkController</name>
    <message>
        <source>&amp;Add bookmark for this view...</source>
        <translation>将当前视图加为书签(&amp;A)...</translation>
    </message>
    <message>
        <source>Add bookmark</source>
        <translation>添加书签</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
</context>
<context>
    <name>ui::ExportController</name>
    <message>
        <source>Export briefing image</source>
        <translation>导出汇报图</translation>
    </message>
    <message>
        <source>2D map (north up, with scale bar)</source>
        <translation>二维地图（上北，带比例尺）</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>尺寸</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Subtitle</source>
        <translation>副标题</translation>
    </message>
    <message>
        <source>PNG image (*.png);;PDF (*.pdf)</source>
        <translation>PNG 图片 (*.png);;PDF (*.pdf)</translation>
    </message>
    <message>
        <source>%1 territorial spatial plan</source>
        <translation>%1国土空间规划一张图</translation>
    </message>
    <message>
        <source>Data: %1   CRS: %2   Made with PlanView</source>
        <translation>数据：%1　坐标系：%2　制图：PlanView</translation>
    </message>
    <message>
        <source>Exporting %1...</source>
        <translation>正在导出 %1...</translation>
    </message>
    <message>
        <source>Exported %1</source>
        <translation>已导出 %1</translation>
    </message>
</context>
<context>
    <name>ui::FilterController</name>
    <message>
        <source>No layer %1</source>
        <translation>没有图层 %1</translation>
    </message>
</context>
<context>
    <name>ui::IdentifyController</name>
    <message>
        <source>Still indexing; the feature will be identified in a moment</source>
        <translation>正在建立空间索引，稍后即显示所点要素</translation>
    </message>
    <message>
        <source>Overlaps of this parcel could not be computed: %1</source>
        <translation>未能计算该地块的叠加面积：%1</translation>
    </message>
    <message>
        <source>Cannot identify here: %1</source>
        <translation>无法识别此处的要素：%1</translation>
    </message>
</context>
<context>
    <name>ui::IdentifyDock</name>
    <message>
        <source>Identify</source>
        <translation>要素查询</translation>
    </message>
    <message>
        <source>Click a feature on the map.</source>
        <translation>在地图上点击要素。</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>Nothing here.</source>
        <translation>此处无要素。</translation>
    </message>
    <message>
        <source>Layer %1, feature %2</source>
        <translation>图层 %1，要素 %2</translation>
    </message>
    <message>
        <source>Area</source>
        <translation>面积</translation>
    </message>
    <message>
        <source>Geometry</source>
        <translation>几何</translation>
    </message>
    <message>
        <source>On permanent basic farmland</source>
        <translation>占永久基本农田</translation>
    </message>
    <message>
        <source>On the ecological red line</source>
        <translation>占生态保护红线</translation>
    </message>
    <message>
        <source>Outside the urban development boundary</source>
        <translation>城镇开发边界外</translation>
    </message>
    <message>
        <source>Conflict</source>
        <translation>冲突</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>on permanent basic farmland</source>
        <translation>占永久基本农田</translation>
    </message>
    <message>
        <source>on the ecological red line</source>
        <translation>占生态保护红线</translation>
    </message>
    <message>
        <source>outside the urban development boundary</source>
        <translation>位于城镇开发边界外</translation>
    </message>
    <message>
        <source>; </source>
        <translation>；</translation>
    </message>
    <message>
        <source>invalid in the source; its figures are those of the geometry repaired with MakeValid</source>
        <translation>源数据几何无效；数字按 MakeValid 修复后的几何计算</translation>
    </message>
</context>
<context>
    <name>ui::LayerTreeDock</name>
    <message>
        <source>Layers</source>
        <translation>图层</translation>
    </message>
    <message>
        <source>Opacity</source>
        <translation>不透明度</translation>
    </message>
    <message>
        <source>Up</source>
        <translation>上移</translation>
    </message>
    <message>
        <source>Draw this layer above the next one</source>
        <translation>将此图层移到上一层</translation>
    </message>
    <message>
        <source>Down</source>
        <translation>下移</translation>
    </message>
    <message>
        <source>Draw this layer below the previous one</source>
        <translation>将此图层移到下一层</translation>
    </message>
    <message>
        <source>Zoom</source>
        <translation>缩放</translation>
    </message>
    <message>
        <source>Zoom to this layer</source>
        <translation>缩放至此图层</translation>
    </message>
    <message>
        <source>Colour by</source>
        <translation>着色字段</translation>
    </message>
    <message>
        <source>Labels</source>
        <translation>标注</translation>
    </message>
    <message>
        <source>Colour this layer by a field: by class, or graduated for numbers</source>
        <translation>按字段为本图层着色：按类别，数值按分级</translation>
    </message>
    <message>
        <source>Label this layer's features by a field</source>
        <translation>按字段标注本图层的要素</translation>
    </message>
    <message>
        <source>(default)</source>
        <translation>（默认）</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
</context>
<context>
    <name>ui::MainWindow</name>
    <message>
        <source>PlanView</source>
        <translation>PlanView 国土空间规划三维浏览</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Open...</source>
        <translation>打开(&amp;O)...</translation>
    </message>
    <message>
        <source>Open data</source>
        <translation>打开数据</translation>
    </message>
    <message>
        <source>GIS data (*.gpkg *.shp *.geojson *.json *.kml *.gdb *.tif);;All files (*)</source>
        <translation>GIS 数据 (*.gpkg *.shp *.geojson *.json *.kml *.gdb *.tif);;所有文件 (*)</translation>
    </message>
    <message>
        <source>&amp;Export briefing image...</source>
        <translation>导出汇报图(&amp;E)...</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Home view</source>
        <translation>初始视图(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;2D map view (north up)</source>
        <translation>二维地图视图（上北）(&amp;2)</translation>
    </message>
    <message>
        <source>Zoom to &amp;selection</source>
        <translation>缩放至选中要素(&amp;S)</translation>
    </message>
    <message>
        <source>Parcels in &amp;3D (by height_m)</source>
        <translation>地块三维显示（按 height_m）(&amp;3)</translation>
    </message>
    <message>
        <source>Vertical &amp;exaggeration</source>
        <translation>垂直夸张(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Bookmarks</source>
        <translation>书签(&amp;B)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>Still reading the parcels' attributes; try 3D again in a moment</source>
        <translation>仍在读取地块属性，请稍后再切换三维</translation>
    </message>
    <message>
        <source>Building parcels in 3D...</source>
        <translation>正在生成地块三维体块...</translation>
    </message>
    <message>
        <source>Reading attributes, indexing %p%</source>
        <translation>读取属性、建立索引 %p%</translation>
    </message>
    <message>
        <source>PlanView - %1</source>
        <translation>PlanView - %1</translation>
    </message>
    <message>
        <source>%1  X %2  Y %3   |   %4°E %5°N   |   height %6 m</source>
        <translation>%1  X %2  Y %3   |   东经 %4°  北纬 %5°   |   高程 %6 米</translation>
    </message>
    <message>
        <source>The parcels could not be built in 3D</source>
        <translation>地块三维模型未能生成</translation>
    </message>
    <message>
        <source>the query's result</source>
        <translation>查询结果</translation>
    </message>
    <message>
        <source>&amp;Target panel on the map</source>
        <translation>地图上的目标面板(&amp;T)</translation>
    </message>
    <message>
        <source>Open &amp;project...</source>
        <translation>打开项目(&amp;P)...</translation>
    </message>
    <message>
        <source>&amp;Save project...</source>
        <translation>保存项目(&amp;S)...</translation>
    </message>
    <message>
        <source>Overlaps of this parcel could not be computed: %1</source>
        <translation>未能计算该地块的叠加面积：%1</translation>
    </message>
    <message>
        <source>Reviewed %1 / %2</source>
        <translation>已审 %1 / %2</translation>
    </message>
    <message>
        <source>, conflicts left %1 of %2</source>
        <translation>，冲突待定 %1 / %2</translation>
    </message>
    <message>
        <source>The review sheet needs the county's analysis; try again in a moment</source>
        <translation>审查意见单需要县域分析结果，请稍后再试</translation>
    </message>
    <message>
        <source>Review sheet</source>
        <translation>审查意见单</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <source>Cannot write %1</source>
        <translation>无法写入 %1</translation>
    </message>
    <message>
        <source>Wrote %1</source>
        <translation>已写出 %1</translation>
    </message>
    <message>
        <source>No review sheet: %1</source>
        <translation>未生成审查意见单：%1</translation>
    </message>
    <message>
        <source>Picturing %1</source>
        <translation>预览 %1</translation>
    </message>
    <message>
        <source>Reading %1</source>
        <translation>读取 %1</translation>
    </message>
    <message>
        <source>Drawing %1</source>
        <translation>绘制 %1</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>%1 — shown as pictures of each view; a click identifies, the attribute table reads the sources</source>
        <translation>%1 —— 按所见范围绘制为图片显示：点击可识别要素，属性表从数据源读取</translation>
    </message>
    <message>
        <source>; `planview tiles` draws their pictures once, to open them in seconds</source>
        <translation>；用 `planview tiles` 预先绘制一次图片缓存，之后数秒即可打开</translation>
    </message>
    <message numerus="yes">
        <source>%1 — %n counties</source>
        <translation>
            <numerusform>%1 — %n 个县（市、区）</numerusform>
        </translation>
    </message>
    <message>
        <source>Reading the targets of %1...</source>
        <translation>正在读取%1的目标…</translation>
    </message>
    <message numerus="yes">
        <source>A city of %n counties, viewed as one</source>
        <translation>
            <numerusform>%n 个县（市、区）组成的市，作为一体查看</numerusform>
        </translation>
    </message>
    <message>
        <source>Parcels are coloured by review status where the county is meshed in 3D; this one is viewed as pictures</source>
        <translation>按审查状态着色地块需要三维建模的县；此县以图片方式查看</translation>
    </message>
    <message>
        <source>%1: %L2 features need about %3 GB of memory to mesh in 3D, more than the %4 GB the viewer takes (the memory free up to 3 GB, or --memory-budget)</source>
        <translation>%1：%L2 个要素三维建模约需 %3 GB 内存，超过查看器可用的 %4 GB（可用内存，最多 3 GB；或 --memory-budget）</translation>
    </message>
    <message>
        <source>Drawing the review sheet of %1...</source>
        <translation>正在绘制%1的审查意见单…</translation>
    </message>
</context>
<context>
    <name>ui::PictureViewController</name>
    <message>
        <source>Cannot identify here: %1</source>
        <translation>无法识别此处的要素：%1</translation>
    </message>
    <message>
        <source>Feature %1 of %2 has no geometry to show</source>
        <translation>%2 的要素 %1 没有可显示的几何</translation>
    </message>
    <message>
        <source>Cannot show this feature: %1</source>
        <translation>无法显示此要素：%1</translation>
    </message>
    <message>
        <source>Cannot draw part of the view: %1</source>
        <translation>无法绘制视图的一部分：%1</translation>
    </message>
    <message>
        <source>%1 features selected: the first %2 are outlined on the map</source>
        <translation>已选择 %1 个要素：地图上勾出其中前 %2 个</translation>
    </message>
</context>
<context>
    <name>ui::ProjectController</name>
    <message>
        <source>Open project</source>
        <translation>打开项目</translation>
    </message>
    <message>
        <source>PlanView projects (*.pvproj)</source>
        <translation>PlanView 项目 (*.pvproj)</translation>
    </message>
    <message>
        <source>Save project</source>
        <translation>保存项目</translation>
    </message>
    <message>
        <source>Saved the project %1</source>
        <translation>已保存项目 %1</translation>
    </message>
</context>
<context>
    <name>ui::QueryDock</name>
    <message>
        <source>Query</source>
        <translation>空间查询</translation>
    </message>
    <message>
        <source>or a geometry as WKT in the working CRS</source>
        <translation>或工作坐标系下的 WKT 几何</translation>
    </message>
    <message>
        <source>Draw a polygon on the map</source>
        <translation>在地图上绘制多边形</translation>
    </message>
    <message>
        <source>Click the map to add corners; click the button again to finish.</source>
        <translation>在地图上点击添加顶点；再次点击此按钮结束。</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>查询</translation>
    </message>
    <message>
        <source>Export...</source>
        <translation>导出...</translation>
    </message>
    <message>
        <source>Features of</source>
        <translation>图层</translation>
    </message>
    <message>
        <source>that</source>
        <translation>空间关系</translation>
    </message>
    <message>
        <source>Other layer</source>
        <translation>参照图层</translation>
    </message>
    <message>
        <source>Geometry</source>
        <translation>几何</translation>
    </message>
    <message>
        <source>Distance</source>
        <translation>距离</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>属性条件</translation>
    </message>
    <message>
        <source>Other where</source>
        <translation>参照图层条件</translation>
    </message>
    <message>
        <source>Click the map to add corners.</source>
        <translation>在地图上点击添加顶点。</translation>
    </message>
    <message numerus="yes">
        <source>Polygon of %n corner(s) ready: Run</source>
        <translation>
            <numerusform>已绘制 %n 个顶点的多边形：请点击查询</numerusform>
        </translation>
    </message>
    <message>
        <source>A polygon needs at least three corners.</source>
        <translation>多边形至少需要三个顶点。</translation>
    </message>
    <message numerus="yes">
        <source>%n feature(s) match</source>
        <translation>
            <numerusform>%n 个要素符合</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n corner(s); click the button again to finish.</source>
        <translation>
            <numerusform>已有 %n 个顶点；再次点击按钮结束。</numerusform>
        </translation>
    </message>
    <message>
        <source>Running...</source>
        <translation>正在查询...</translation>
    </message>
    <message>
        <source>Export query results</source>
        <translation>导出查询结果</translation>
    </message>
    <message>
        <source>GeoPackage (*.gpkg);;CSV (*.csv);;GeoJSON (*.geojson)</source>
        <translation>GeoPackage (*.gpkg);;CSV (*.csv);;GeoJSON (*.geojson)</translation>
    </message>
    <message>
        <source>Exporting...</source>
        <translation>正在导出...</translation>
    </message>
    <message>
        <source>Exported %1</source>
        <translation>已导出 %1</translation>
    </message>
    <message>
        <source>intersects</source>
        <translation>相交</translation>
    </message>
    <message>
        <source>is disjoint from</source>
        <translation>相离</translation>
    </message>
    <message>
        <source>is within</source>
        <translation>位于其内</translation>
    </message>
    <message>
        <source>contains</source>
        <translation>包含</translation>
    </message>
    <message>
        <source>covers</source>
        <translation>覆盖</translation>
    </message>
    <message>
        <source>is covered by</source>
        <translation>被其覆盖</translation>
    </message>
    <message>
        <source>overlaps</source>
        <translation>部分重叠</translation>
    </message>
    <message>
        <source>touches</source>
        <translation>接边</translation>
    </message>
    <message>
        <source>crosses</source>
        <translation>穿越</translation>
    </message>
    <message>
        <source>equals</source>
        <translation>相同</translation>
    </message>
    <message>
        <source>is within a distance of</source>
        <translation>在距离以内</translation>
    </message>
    <message>
        <source>Cancelling...</source>
        <translation>正在取消...</translation>
    </message>
    <message>
        <source>Query cancelled</source>
        <translation>查询已取消</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Running... %1%</source>
        <translation>正在运行... %1%</translation>
    </message>
</context>
<context>
    <name>ui::ReviewController</name>
    <message>
        <source>This county has no parcel layer to review</source>
        <translation>此县无地块图层可审查</translation>
    </message>
    <message>
        <source>The parcels have no parcel id field (parcel_id, DKBH, …)</source>
        <translation>地块无编号字段（parcel_id、DKBH 等）</translation>
    </message>
    <message>
        <source>Reviews cannot be kept here: %1. Open a GeoPackage, or name a review database in the project.</source>
        <translation>无法在此保存审查记录：%1。请打开 GeoPackage，或在项目中指定审查数据库。</translation>
    </message>
    <message>
        <source>Cannot read the review of %1: %2</source>
        <translation>无法读取 %1 的审查记录：%2</translation>
    </message>
    <message>
        <source>Reading the parcels of %1...</source>
        <translation>正在读取%1的地块…</translation>
    </message>
    <message>
        <source>No review here: %1</source>
        <translation>此处无法审查：%1</translation>
    </message>
    <message>
        <source>The parcels' conflicts could not be computed: %1</source>
        <translation>无法计算地块冲突：%1</translation>
    </message>
</context>
<context>
    <name>ui::ReviewDock</name>
    <message>
        <source>Consistent with the plan; approved.</source>
        <translation>符合规划，同意。</translation>
    </message>
    <message>
        <source>Occupies permanent basic farmland; returned.</source>
        <translation>占用永久基本农田，退回。</translation>
    </message>
    <message>
        <source>Lies on the ecological protection red line; returned.</source>
        <translation>涉及生态保护红线，退回。</translation>
    </message>
    <message>
        <source>Lies outside the urban development boundary; explain and amend.</source>
        <translation>位于城镇开发边界外，请说明并补正。</translation>
    </message>
    <message>
        <source>Supplement the land pre-examination documents.</source>
        <translation>请补充用地预审材料。</translation>
    </message>
    <message>
        <source>mu</source>
        <translation>亩</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>审查</translation>
    </message>
    <message>
        <source>Conflicts first</source>
        <translation>冲突优先</translation>
    </message>
    <message>
        <source>Town</source>
        <translation>乡镇（街道）</translation>
    </message>
    <message>
        <source>Land use</source>
        <translation>用地分类</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Reviewer</source>
        <translation>审查人</translation>
    </message>
    <message>
        <source>Signed by</source>
        <translation>签名</translation>
    </message>
    <message>
        <source>Previous (Alt+Up)</source>
        <translation>上一宗 (Alt+↑)</translation>
    </message>
    <message>
        <source>Next (Alt+Down)</source>
        <translation>下一宗 (Alt+↓)</translation>
    </message>
    <message>
        <source>Save (Ctrl+Enter)</source>
        <translation>保存 (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Colour parcels by review status</source>
        <translation>按审查状态着色</translation>
    </message>
    <message>
        <source>Review sheet (PDF)...</source>
        <translation>审查意见单 (PDF)…</translation>
    </message>
    <message>
        <source>all</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>not reviewed</source>
        <translation>未审查</translation>
    </message>
    <message>
        <source>Opinion templates...</source>
        <translation>意见模板…</translation>
    </message>
    <message numerus="yes">
        <source>%n parcel(s)</source>
        <translation>
            <numerusform>%n 宗</numerusform>
        </translation>
    </message>
    <message>
        <source>Area</source>
        <translation>面积</translation>
    </message>
    <message>
        <source>On permanent basic farmland</source>
        <translation>占永久基本农田</translation>
    </message>
    <message>
        <source>On the ecological red line</source>
        <translation>占生态保护红线</translation>
    </message>
    <message>
        <source>Outside the urban boundary</source>
        <translation>城镇开发边界外</translation>
    </message>
    <message>
        <source>Conflict: %1</source>
        <translation>冲突：%1</translation>
    </message>
    <message>
        <source>Figures follow once the county is analysed.</source>
        <translation>分析完成后显示面积。</translation>
    </message>
    <message>
        <source>Figures could not be computed: %1</source>
        <translation>面积无法计算：%1</translation>
    </message>
    <message>
        <source>Not reviewed yet.</source>
        <translation>尚未审查。</translation>
    </message>
    <message>
        <source>Now: %1 by %2 at %3 (version %4)%5</source>
        <translation>当前：%1，%2 于 %3（版本 %4）%5</translation>
    </message>
    <message>
        <source>A decision is signed: enter the reviewer's name.</source>
        <translation>审查意见须签名：请填写审查人。</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>未保存：%1</translation>
    </message>
    <message>
        <source>Not saved: %1 changed this parcel at %2 (version %3: %4%5). Their decision is shown now; save again to replace it.</source>
        <translation>未保存：%1 已于 %2 修改此地块（版本 %3：%4%5）。现显示其审查结果；再次保存将覆盖。</translation>
    </message>
    <message>
        <source>Saved: %1, version %2</source>
        <translation>已保存：%1，版本 %2</translation>
    </message>
</context>
<context>
    <name>ui::ReviewQueueModel</name>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>farmland</source>
        <translation>永久基本农田</translation>
    </message>
    <message>
        <source>red line</source>
        <translation>生态保护红线</translation>
    </message>
    <message>
        <source>outside boundary</source>
        <translation>开发边界外</translation>
    </message>
    <message>
        <source>not computed</source>
        <translation>未计算</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <source>…</source>
        <translation>…</translation>
    </message>
    <message>
        <source>not reviewed</source>
        <translation>未审查</translation>
    </message>
    <message>
        <source>Parcel</source>
        <translation>地块</translation>
    </message>
    <message>
        <source>Town</source>
        <translation>乡镇（街道）</translation>
    </message>
    <message>
        <source>Land use</source>
        <translation>用地分类</translation>
    </message>
    <message>
        <source>Conflict</source>
        <translation>冲突</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
</context>
<context>
    <name>ui::SourceLedger</name>
    <message>
        <source>No targets: their layers' %L1 features need about %2 GB, more than the %3 GB the viewer may take (`planview targets` computes them)</source>
        <translation>无目标：这些目标所用图层的 %L1 个要素约需 %2 GB 内存，超过查看器可用的 %3 GB（可用 `planview targets` 计算）</translation>
    </message>
    <message>
        <source>No targets: %1</source>
        <translation>无目标：%1</translation>
    </message>
</context>
<context>
    <name>ui::SourceTableModel</name>
    <message>
        <source>County</source>
        <translation>县（市、区）</translation>
    </message>
</context>
<context>
    <name>ui::StyleController</name>
    <message>
        <source>Still drawing the previous style; choose again in a moment</source>
        <translation>上一个样式仍在绘制，请稍后再选</translation>
    </message>
    <message>
        <source>%1 cannot colour this layer: it has one value, or too many that are not numbers</source>
        <translation>%1 无法为本图层着色：只有一个值，或非数值的值过多</translation>
    </message>
</context>
<context>
    <name>ui::TargetHud</name>
    <message>
        <source>Targets this year</source>
        <translation>年度目标进度</translation>
    </message>
    <message>
        <source>What-if '%1': not actual figures</source>
        <translation>模拟方案“%1”：非实际数据</translation>
    </message>
    <message>
        <source>what-if</source>
        <translation>模拟</translation>
    </message>
    <message>
        <source>Targets this year: %1</source>
        <translation>年度目标进度：%1</translation>
    </message>
</context>
<context>
    <name>ui::TargetsDock</name>
    <message>
        <source>Targets</source>
        <translation>目标台账</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>目标</translation>
    </message>
    <message>
        <source>Target value</source>
        <translation>目标值</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Add selected parcels</source>
        <translation>加入所选地块</translation>
    </message>
    <message>
        <source>Drop selected parcels</source>
        <translation>移出所选地块</translation>
    </message>
    <message>
        <source>Save scenario...</source>
        <translation>保存方案...</translation>
    </message>
    <message>
        <source>Breakdown by town</source>
        <translation>按乡镇分解</translation>
    </message>
    <message>
        <source>Breakdown by land-use class</source>
        <translation>按用地分类分解</translation>
    </message>
    <message>
        <source>(baseline)</source>
        <translation>（基准）</translation>
    </message>
    <message numerus="yes">
        <source>%n counted parcel(s) conflict with farmland or the red line</source>
        <translation>
            <numerusform>%n 个计入地块与永久基本农田或生态保护红线冲突</numerusform>
        </translation>
    </message>
    <message>
        <source>Plan '%1': %2 added, %3 dropped</source>
        <translation>方案“%1”：加入 %2 个，移出 %3 个</translation>
    </message>
    <message>
        <source>all</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>Save scenario</source>
        <translation>保存方案</translation>
    </message>
    <message>
        <source>Scenario name:</source>
        <translation>方案名称：</translation>
    </message>
    <message>
        <source>Load scenario</source>
        <translation>载入方案</translation>
    </message>
    <message>
        <source>Undo add/drop</source>
        <translation>撤销加入/移出</translation>
    </message>
    <message>
        <source>Nothing selected: select parcels on the map, in the table or with a query first</source>
        <translation>未选择地块：请先在地图、属性表或查询中选择地块</translation>
    </message>
    <message>
        <source>the part counted, mu or count</source>
        <translation>计入的部分，亩或个</translation>
    </message>
    <message numerus="yes">
        <source>%n parcel(s) already counted: unchanged</source>
        <translation>
            <numerusform>%n 个地块已计入，未变</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n parcel(s) not counted anyway: unchanged</source>
        <translation>
            <numerusform>%n 个地块本未计入，未变</numerusform>
        </translation>
    </message>
    <message>
        <source>Conflicts</source>
        <translation>冲突</translation>
    </message>
    <message>
        <source>Achieved</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>baseline %1</source>
        <translation>基准 %1</translation>
    </message>
    <message>
        <source>plan</source>
        <translation>方案</translation>
    </message>
    <message>
        <source>The targets followed are those of %1: none of the parcels selected lies there</source>
        <translation>所跟踪的指标属于 %1：所选地块均不在其中</translation>
    </message>
    <message>
        <source>Targets of</source>
        <translation>目标所属县（市、区）</translation>
    </message>
    <message>
        <source>The plan's parcels could not be counted: %1</source>
        <translation>方案中的地块无法计入：%1</translation>
    </message>
</context>
</TS>
