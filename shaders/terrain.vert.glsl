#version 120
// Terrain. Heights are exaggerated by the scene's scale transform; the normal, used in map
// space for a fixed sun, is tilted to match here.
uniform float u_exaggeration;
varying vec3 v_normal;
varying float v_height;
#ifdef WITH_FILL // the lowest layer's fills, drawn in this pass (terrain.frag.glsl)
varying vec2 v_world;
#endif

void main()
{
    vec4 p = gl_Vertex;
    v_height = p.z;
    vec3 n = gl_Normal;
    n.xy *= u_exaggeration;
    v_normal = normalize(n);
#ifdef WITH_FILL
    v_world = p.xy;
#endif
    gl_Position = gl_ModelViewProjectionMatrix * p;
}
