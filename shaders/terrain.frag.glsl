#version 120
// Hillshade (sun from the north-west, 45° up, as on printed maps) over a hypsometric tint.
// WITH_FILL: the lowest layer's fills laid over it here (fill_color.glsl, inserted above), as
// their own pass over the terrain would lay them (CountyScene::draw_lowest_fill_with_terrain).
varying vec3 v_normal;
varying float v_height;
#ifdef WITH_FILL
varying vec2 v_world;
uniform vec4 u_uv_from_position; // scene x, y to the fill's texture coordinates
#endif

vec3 tint(float h)
{
    vec3 low = vec3(0.62, 0.74, 0.52);   // valley floors
    vec3 mid = vec3(0.80, 0.78, 0.58);   // hills
    vec3 high = vec3(0.62, 0.52, 0.42);  // mountains
    vec3 peak = vec3(0.88, 0.87, 0.85);  // summits
    if (h < 300.0)
        return mix(low, mid, clamp((h - 50.0) / 250.0, 0.0, 1.0));
    if (h < 900.0)
        return mix(mid, high, (h - 300.0) / 600.0);
    return mix(high, peak, clamp((h - 900.0) / 600.0, 0.0, 1.0));
}

void main()
{
    vec3 sun = normalize(vec3(-1.0, 1.0, 1.41));
    float shade = 0.35 + 0.65 * max(dot(normalize(v_normal), sun), 0.0);
    vec3 ground = tint(v_height) * shade;
#ifdef WITH_FILL
    float id;
    vec4 fill = impostor_color((v_world - u_uv_from_position.xy) * u_uv_from_position.zw, id);
    if (fill.a > 0.0) {
        fill = marked(fill, id, v_world);
        ground = mix(ground, fill.rgb, fill.a);
    }
#endif
    gl_FragColor = vec4(ground, 1.0);
}
