#version 120
// Vector layers draped on the terrain. Each vertex is pulled towards the eye by a fraction of
// its distance (a depth offset, as osgEarth does) so a layer lying on the terrain always wins
// the depth test against it; overlays do not write depth and are drawn in layer order, so
// stacked, coplanar layers never fight.
// Compiled with ON_TERRAIN for fills drawn as a texture on the terrain's own vertices
// (terrain_fill.h): those pass on their position alone, the fragment shader finding the texture
// coordinates from it. The terrain is drawn again for every such layer, and llvmpipe's cost per
// triangle grows with each value it interpolates.
uniform float u_depth_offset; // fraction of the eye distance
varying vec2 v_world;
#ifndef ON_TERRAIN
attribute float a_feature;
varying vec4 v_color;
varying float v_feature;
varying vec2 v_uv; // an impostor's texture coordinates
#endif

void main()
{
    vec4 p = gl_Vertex;
    v_world = p.xy;
    vec4 eye = gl_ModelViewMatrix * p;
    eye.xyz *= 1.0 - u_depth_offset;
    gl_Position = gl_ProjectionMatrix * eye;
#ifndef ON_TERRAIN
    v_color = gl_Color;
    v_feature = a_feature;
    v_uv = gl_MultiTexCoord0.xy;
#endif
}
