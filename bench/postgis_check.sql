-- The compliance check in PostGIS, as a PostGIS user would write it: overlay layers made
-- valid, unioned (overlapping farmland counts once) and subdivided, GiST-indexed, then one
-- statement for all parcels. Used by check_bench.sh.
CREATE TABLE fsub AS SELECT ST_Subdivide((ST_Dump(ST_Union(CASE WHEN ST_IsValid(geom) THEN geom ELSE ST_CollectionExtract(ST_MakeValid(geom), 3) END))).geom, 256) AS g FROM farmland;
CREATE TABLE rsub AS SELECT ST_Subdivide((ST_Dump(ST_Union(CASE WHEN ST_IsValid(geom) THEN geom ELSE ST_CollectionExtract(ST_MakeValid(geom), 3) END))).geom, 256) AS g FROM eco_redline;
CREATE TABLE usub AS SELECT ST_Subdivide((ST_Dump(ST_Union(CASE WHEN ST_IsValid(geom) THEN geom ELSE ST_CollectionExtract(ST_MakeValid(geom), 3) END))).geom, 256) AS g FROM urban_boundary;
CREATE INDEX ON fsub USING gist (g);
CREATE INDEX ON rsub USING gist (g);
CREATE INDEX ON usub USING gist (g);
ANALYZE fsub; ANALYZE rsub; ANALYZE usub;
CREATE TABLE check_result AS
SELECT p.parcel_id,
       ST_Area(p.g) AS area_m2,
       COALESCE((SELECT SUM(ST_Area(ST_Intersection(p.g, f.g))) FROM fsub f WHERE ST_Intersects(p.g, f.g)), 0) AS farmland_m2,
       COALESCE((SELECT SUM(ST_Area(ST_Intersection(p.g, r.g))) FROM rsub r WHERE ST_Intersects(p.g, r.g)), 0) AS redline_m2,
       GREATEST(0, ST_Area(p.g) - COALESCE((SELECT SUM(ST_Area(ST_Intersection(p.g, u.g))) FROM usub u WHERE ST_Intersects(p.g, u.g)), 0)) AS outside_ucb_m2
FROM (SELECT parcel_id, CASE WHEN ST_IsValid(geom) THEN geom ELSE ST_CollectionExtract(ST_MakeValid(geom), 3) END AS g FROM parcels) p;
