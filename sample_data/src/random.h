#pragma once
// Deterministic randomness independent of the standard library's distributions (which
// differ between implementations): splitmix64 and hash-based value noise.
#include <cmath>
#include <cstdint>

namespace sample {

class Random {
public:
    explicit Random(std::uint64_t seed) : state_(seed) {}

    std::uint64_t next()
    {
        std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }
    // Uniform in [0, 1).
    double unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
    double uniform(double lo, double hi) { return lo + (hi - lo) * unit(); }
    // Uniform integer in [0, n).
    std::int64_t below(std::int64_t n) { return static_cast<std::int64_t>(unit() * static_cast<double>(n)); }
    bool chance(double p) { return unit() < p; }
    // Standard normal (Box-Muller), for the heavy-tailed sizes real data has.
    double normal()
    {
        const double u = 1.0 - unit(); // in (0, 1]: log(0) never happens
        return std::sqrt(-2.0 * std::log(u)) * std::cos(6.283185307179586 * unit());
    }

private:
    std::uint64_t state_;
};

inline std::uint64_t hash64(std::uint64_t a, std::uint64_t b, std::uint64_t seed)
{
    Random r(a * 0x9E3779B97F4A7C15ULL ^ (b + 0x632BE59BD9B4E019ULL) ^ (seed << 17));
    return r.next();
}

// Smooth value noise in [-1, 1] on a unit lattice.
inline double value_noise(double x, double y, std::uint64_t seed)
{
    const double fx = std::floor(x), fy = std::floor(y);
    const auto ix = static_cast<std::int64_t>(fx), iy = static_cast<std::int64_t>(fy);
    auto corner = [&](std::int64_t dx, std::int64_t dy) {
        const std::uint64_t h = hash64(static_cast<std::uint64_t>(ix + dx), static_cast<std::uint64_t>(iy + dy), seed);
        return static_cast<double>(h >> 11) * 0x1.0p-53 * 2.0 - 1.0;
    };
    auto fade = [](double t) { return t * t * (3 - 2 * t); };
    const double u = fade(x - fx), v = fade(y - fy);
    const double top = corner(0, 0) * (1 - u) + corner(1, 0) * u;
    const double bottom = corner(0, 1) * (1 - u) + corner(1, 1) * u;
    return top * (1 - v) + bottom * v;
}

// Fractal sum of `octaves` noise layers, roughly in [-1, 1].
inline double fractal_noise(double x, double y, int octaves, std::uint64_t seed)
{
    double sum = 0, amplitude = 0.5, norm = 0;
    for (int i = 0; i < octaves; ++i) {
        sum += amplitude * value_noise(x, y, seed + static_cast<std::uint64_t>(i) * 101);
        norm += amplitude;
        x *= 2.03;
        y *= 2.03;
        amplitude *= 0.5;
    }
    return sum / norm;
}

} // namespace sample
