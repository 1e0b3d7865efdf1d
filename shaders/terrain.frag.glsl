#version 120
// Hillshade (sun from the north-west, 45° up, as on printed maps) over a hypsometric tint.
varying vec3 v_normal;
varying float v_height;

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
    gl_FragColor = vec4(tint(v_height) * shade, 1.0);
}
