#version 120
// Vector layers draped on the terrain. Each vertex is pulled towards the eye by a fraction of
// its distance (a depth offset, as osgEarth does) so a layer lying on the terrain always wins
// the depth test against it; overlays do not write depth and are drawn in layer order, so
// stacked, coplanar layers never fight.
uniform float u_depth_offset; // fraction of the eye distance
// Fills drawn as a texture on the terrain's own vertices (terrain_fill.h): scene x, y to texture
// coordinates as (x - offset) * scale; zero scale where the vertices carry their own.
uniform vec4 u_uv_from_position; // offset x, y; scale x, y
attribute float a_feature;
varying vec4 v_color;
varying float v_feature;
varying vec2 v_world;
varying vec2 v_uv; // an impostor's texture coordinates

void main()
{
    vec4 p = gl_Vertex;
    v_world = p.xy;
    vec4 eye = gl_ModelViewMatrix * p;
    eye.xyz *= 1.0 - u_depth_offset;
    gl_Position = gl_ProjectionMatrix * eye;
    v_color = gl_Color;
    v_feature = a_feature;
    v_uv = u_uv_from_position.z != 0.0 ? (p.xy - u_uv_from_position.xy) * u_uv_from_position.zw
                                       : gl_MultiTexCoord0.xy;
}
