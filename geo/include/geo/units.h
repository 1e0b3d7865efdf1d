#pragma once
// Area units used by Chinese land administration. 1 mu (亩) is exactly 2000/3 m².

namespace geo {

inline constexpr double kSquareMetresPerMu = 2000.0 / 3.0;
inline constexpr double kSquareMetresPerHectare = 10000.0;

constexpr double to_mu(double square_metres)
{
    return square_metres / kSquareMetresPerMu;
}
constexpr double to_hectares(double square_metres)
{
    return square_metres / kSquareMetresPerHectare;
}
constexpr double mu_to_square_metres(double mu)
{
    return mu * kSquareMetresPerMu;
}

} // namespace geo
