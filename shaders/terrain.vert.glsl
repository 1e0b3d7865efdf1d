#version 120
// Terrain: heights scaled by the vertical exaggeration; normals scaled to match.
uniform float u_exaggeration;
varying vec3 v_normal;
varying float v_height;

void main()
{
    vec4 p = gl_Vertex;
    v_height = p.z;
    p.z *= u_exaggeration;
    vec3 n = gl_Normal;
    n.xy *= u_exaggeration;
    v_normal = normalize(n);
    gl_Position = gl_ModelViewProjectionMatrix * p;
}
