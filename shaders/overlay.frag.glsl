#version 120
// Fill or line colour per vertex; optional diagonal hatching in map units (永久基本农田);
// selection and hover highlighted here, from a per-feature texture, not by rebuilding geometry.
// A far-away chunk of parcels is an impostor: colour and feature id come from its textures.
uniform float u_opacity;
uniform float u_hatch_spacing; // metres; 0 = no hatching
uniform vec4 u_hatch_color;
uniform sampler2D u_selection; // red > 0.5 where the feature is selected; 0.125-0.5 highlighted only
uniform vec2 u_selection_size; // texture width, height in texels
uniform float u_hover;         // feature id under the cursor, -1 for none
uniform sampler2D u_impostor_colors; // premultiplied, mipmapped
uniform sampler2D u_impostor_ids;    // feature id + 1 in red, green, blue; alpha 0 where none
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
    const bool impostor = true;
    vec2 uv = (v_world - u_uv_from_position.xy) * u_uv_from_position.zw;
    vec4 color = vec4(0.0);
    float id = -1.0;
#else
    bool impostor = u_impostor;
    vec2 uv = v_uv;
    vec4 color = v_color;
    float id = floor(v_feature + 0.5);
#endif
    if (impostor) {
        vec4 c = texture2D(u_impostor_colors, uv);
        if (c.a < 0.02)
            discard;
        color = vec4(c.rgb / c.a, c.a);
        vec4 encoded = floor(texture2D(u_impostor_ids, uv) * 255.0 + 0.5);
        id = encoded.a > 0.0 ? encoded.r + 256.0 * encoded.g + 65536.0 * encoded.b - 1.0 : -1.0;
    }
    if (u_hatch_spacing > 0.0 && mod(v_world.x + v_world.y, u_hatch_spacing) < 0.3 * u_hatch_spacing)
        color = u_hatch_color;
    vec2 texel = vec2(mod(id, u_selection_size.x) + 0.5, floor(id / u_selection_size.x) + 0.5) / u_selection_size;
    float mark = id >= 0.0 ? texture2D(u_selection, texel).r : 0.0;
    if (mark > 0.5) // selected: what the user chose. Cyan stripes on the feature lightened, the
        // other diagonal from the highlight's: a flat cyan would read as 1301 供水用地 (teal)
        color = mod(gl_FragCoord.x - gl_FragCoord.y, 6.0) < 3.0
                    ? vec4(0.0, 0.85, 1.0, max(color.a, 0.9))
                    : vec4(mix(color.rgb, vec3(1.0), 0.5), max(color.a, 0.9));
    else if (mark > 0.125) // highlighted (what a target counts, not a selection): screen stripes,
        // unlike any class colour, so it reads as a highlight on every palette
        color = mod(gl_FragCoord.x + gl_FragCoord.y, 8.0) < 4.0 ? vec4(1.0, 0.5, 0.0, max(color.a, 0.9))
                                                               : vec4(color.rgb * 0.55, max(color.a, 0.9));
    if (id >= 0.0 && abs(id - u_hover) < 0.5)
        color = vec4(mix(color.rgb, vec3(1.0, 1.0, 1.0), 0.45), max(color.a, 0.8));
    gl_FragColor = vec4(color.rgb, color.a * u_opacity);
}
