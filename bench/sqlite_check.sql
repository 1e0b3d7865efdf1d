WITH pv AS (SELECT parcel_id, CASE WHEN ST_IsValid(geom) THEN geom ELSE CollectionExtract(ST_MakeValid(geom),3) END AS g FROM parcels),
 fu AS (SELECT ST_Union(CASE WHEN ST_IsValid(geom) THEN geom ELSE CollectionExtract(ST_MakeValid(geom),3) END) AS g FROM farmland),
 ru AS (SELECT ST_Union(CASE WHEN ST_IsValid(geom) THEN geom ELSE CollectionExtract(ST_MakeValid(geom),3) END) AS g FROM eco_redline),
 uu AS (SELECT ST_Union(CASE WHEN ST_IsValid(geom) THEN geom ELSE CollectionExtract(ST_MakeValid(geom),3) END) AS g FROM urban_boundary)
SELECT pv.parcel_id, ST_Area(pv.g) AS area_m2,
  COALESCE(ST_Area(CollectionExtract(ST_Intersection(pv.g, fu.g),3)),0.0) AS farmland_m2,
  COALESCE(ST_Area(CollectionExtract(ST_Intersection(pv.g, ru.g),3)),0.0) AS redline_m2,
  COALESCE(ST_Area(CollectionExtract(ST_Difference(pv.g, uu.g),3)),0.0) AS outside_ucb_m2
FROM pv, fu, ru, uu
