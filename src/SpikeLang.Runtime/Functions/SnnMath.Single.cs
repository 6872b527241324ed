using System;

namespace SpikeLang.Runtime;

/// <summary>The float overloads, for networks that compute in float32.</summary>
public static partial class SnnMath
{
    /// <inheritdoc cref="Expm1(double)"/>
    public static float Expm1(float x) => (float)Expm1((double)x);

    /// <inheritdoc cref="Exprel(double)"/>
    public static float Exprel(float x) => (float)Exprel((double)x);

    /// <inheritdoc cref="Log1p(double)"/>
    public static float Log1p(float x) => (float)Log1p((double)x);

    /// <inheritdoc cref="Sign(double)"/>
    public static float Sign(float x) => float.IsNaN(x) ? x : MathF.Sign(x);

    /// <summary>Brian2's timestep(t, dt) in float: see <see cref="Timestep(double, double)"/>.</summary>
    public static float Timestep(float t, float dt) => (float)Timestep((double)t, (double)dt);

    /// <summary>Python's x % y in float: see <see cref="Mod(double, double)"/>.</summary>
    public static float Mod(float x, float y) => (float)Mod((double)x, (double)y);
}
