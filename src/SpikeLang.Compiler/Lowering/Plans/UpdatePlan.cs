using SpikeLang.Compiler.Binding;
using SpikeLang.Compiler.Text;

namespace SpikeLang.Compiler.Lowering;

/// <summary>How a neuron population's state advances over one step.</summary>
/// <param name="Changed">The state variables the update writes back.</param>
internal abstract record UpdatePlan(EquatableArray<string> Changed);

/// <summary>Nothing changes between spikes (no equations and no update map).</summary>
internal sealed record NoUpdatePlan() : UpdatePlan(EquatableArray.Empty<string>());

/// <summary>
/// dx/dt = A·x + b, linear with constant coefficients: x(t + dt) = P·x(t) + Q·b with P = exp(A·dt) and
/// Q = ∫₀^dt exp(A·s) ds, computed at construction.
/// </summary>
/// <param name="Variables">x, in equation order.</param>
/// <param name="Matrix">A[r][c], null for zero; aliases written out.</param>
/// <param name="Forcing">b[r], null for zero.</param>
/// <param name="NonZero">NonZero[r][c]: whether P[r][c] can be non-zero (r depends on c through a chain of coefficients); the kernel skips structural zeros.</param>
/// <param name="Heterogeneous">True when A differs per neuron: P and Q become arrays.</param>
/// <param name="ForcingConstant">True when b is fixed for the run, so Q·b folds into one constant per row.</param>
internal sealed record ExactUpdatePlan(
    EquatableArray<string> Variables,
    EquatableArray<EquatableArray<BoundExpression?>> Matrix,
    EquatableArray<BoundExpression?> Forcing,
    EquatableArray<EquatableArray<bool>> NonZero,
    bool Heterogeneous,
    bool ForcingConstant)
    : UpdatePlan(Variables)
{
    /// <summary>Whether row r receives any drive through Q·b.</summary>
    public bool HasDrive(int r)
    {
        for (int c = 0; c < Variables.Count; c++)
        {
            if (NonZero[r][c] && Forcing[c] is not null)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>The propagator constants the kernel reads, in field order: P entries (and Q entries when b varies), then q per row when it is constant.</summary>
    public System.Collections.Generic.IEnumerable<string> Fields()
    {
        for (int r = 0; r < Variables.Count; r++)
        {
            for (int c = 0; c < Variables.Count; c++)
            {
                if (NonZero[r][c])
                {
                    yield return PropagatorField(r, c);
                    if (!ForcingConstant && Forcing[c] is not null)
                    {
                        yield return DriveField(r, c);
                    }
                }
            }
            if (ForcingConstant && HasDrive(r))
            {
                yield return ConstantDriveField(r);
            }
        }
    }

    public static string PropagatorField(int r, int c) => $"_P_{r}_{c}";

    public static string DriveField(int r, int c) => $"_Q_{r}_{c}";

    public static string ConstantDriveField(int r) => $"_q_{r}";
}

/// <summary>An explicit method (Euler, Runge-Kutta 2 or 4, Heun, exponential Euler) on dx/dt = f(x, t).</summary>
internal sealed record NumericalUpdatePlan(IntegrationMethod Method, EquatableArray<string> Variables, EquatableArray<BoundExpression> Rhs, string? NonlinearReason)
    : UpdatePlan(Variables)
{
    /// <summary>
    /// The white noises (xi, xi_1, ...) of the equations: each one standard normal draw z per element and step,
    /// and xi = z / sqrt(dt), so Euler gives Euler-Maruyama's x + f·dt + g·z·sqrt(dt) and Heun the stochastic Heun scheme.
    /// </summary>
    public EquatableArray<string> Noises { get; init; } = EquatableArray.Empty<string>();

    /// <summary>For exponential Euler, each dx/dt = Constant + Rate·x (Rate null when x does not appear), free of x.</summary>
    public EquatableArray<LinearRhsPlan>? Linear { get; init; }
}

/// <summary>dx/dt = Constant + Rate·x, with Constant and Rate free of x (either may be null for zero).</summary>
internal sealed record LinearRhsPlan(BoundExpression? Constant, BoundExpression? Rate);

/// <summary>A discrete-time map: the update statements, in order, each seeing the earlier ones' results.</summary>
internal sealed record DiscreteUpdatePlan(EquatableArray<BoundAssignment> Statements, EquatableArray<string> Targets)
    : UpdatePlan(Targets);
