// A fill's colour where it is drawn, shared by overlay.frag.glsl and, for the lowest layer's
// fills drawn in the terrain's own pass, terrain.frag.glsl (inserted after their #version): the
// impostor's texels, diagonal hatching in map units (永久基本农田), and the selection and hover
// highlight from a per-feature texture, not by rebuilding geometry.
uniform float u_opacity;
uniform float u_hatch_spacing; // metres; 0 = no hatching
uniform vec4 u_hatch_color;
uniform sampler2D u_selection; // red > 0.5 where the feature is selected; 0.125-0.5 highlighted only
uniform vec2 u_selection_size; // texture width, height in texels
uniform float u_hover;         // feature id under the cursor, -1 for none
uniform sampler2D u_impostor_colors; // premultiplied, mipmapped
uniform sampler2D u_impostor_ids;    // feature id + 1 in red, green, blue; alpha 0 where none

// The impostor's colour at `uv` (not premultiplied) and its feature's id (-1 for none); alpha 0
// where it has none.
vec4 impostor_color(vec2 uv, out float id)
{
    id = -1.0;
    vec4 c = texture2D(u_impostor_colors, uv);
    if (c.a < 0.02)
        return vec4(0.0);
    vec4 encoded = floor(texture2D(u_impostor_ids, uv) * 255.0 + 0.5);
    if (encoded.a > 0.0)
        id = encoded.r + 256.0 * encoded.g + 65536.0 * encoded.b - 1.0;
    return vec4(c.rgb / c.a, c.a);
}

// `color` of feature `id` (-1 for none) at scene position `world`, hatched and highlighted as
// the layer's are, its alpha times the layer's opacity.
vec4 marked(vec4 color, float id, vec2 world)
{
    if (u_hatch_spacing > 0.0 && mod(world.x + world.y, u_hatch_spacing) < 0.3 * u_hatch_spacing)
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
    return vec4(color.rgb, color.a * u_opacity);
}
