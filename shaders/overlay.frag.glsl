#version 120
// Fill or line colour per vertex, hatched and highlighted by fill_color.glsl (inserted above).
// A far-away chunk of parcels is an impostor: colour and feature id come from its textures.
varying vec2 v_world;
#ifdef ON_TERRAIN // fills as a texture on the terrain (overlay.vert.glsl): always an impostor
uniform vec4 u_uv_from_position; // scene x, y to texture coordinates: offset x, y; scale x, y
#else
uniform bool u_impostor;
varying vec4 v_color;
varying float v_feature;
varying vec2 v_uv;
#endif

void main()
{
#ifdef ON_TERRAIN
    float id;
    vec4 color = impostor_color((v_world - u_uv_from_position.xy) * u_uv_from_position.zw, id);
    if (color.a == 0.0)
        discard;
#else
    vec4 color = v_color;
    float id = floor(v_feature + 0.5);
    if (u_impostor) {
        color = impostor_color(v_uv, id);
        if (color.a == 0.0)
            discard;
    }
#endif
    gl_FragColor = marked(color, id, v_world);
}
