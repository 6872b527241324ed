using System;
using System.Collections.Generic;

namespace SpikeLang.Compiler.Emit;

/// <summary>
/// The loop every element kernel (simulator and trainer) is made of: hoisted locals, a Vector256 loop
/// over whole vectors when the body vectorizes and the hardware accelerates it, then a scalar loop
/// over the tail (or over everything), both bodies written by the same callback.
/// </summary>
internal static class ElementLoop
{
    /// <param name="start">The first element (an expression).</param>
    /// <param name="end">One past the last element (an expression).</param>
    /// <param name="element">The element type, <c>Real</c> or <c>float</c>.</param>
    /// <param name="scalars">Locals declared before both loops.</param>
    /// <param name="vectors">Locals declared before the vector loop only (broadcasts).</param>
    public static void Write(CodeWriter w, string start, string end, string element, IEnumerable<string> scalars, IEnumerable<string> vectors,
        bool vectorizable, Action<EvaluationMode> body)
    {
        foreach (var line in scalars)
        {
            w.Line(line);
        }
        w.Line($"int i = {start};");
        if (vectorizable)
        {
            using (w.Block("if (Vector256.IsHardwareAccelerated)"))
            {
                foreach (var line in vectors)
                {
                    w.Line(line);
                }
                using (w.Block($"for (; i <= {end} - Vector256<{element}>.Count; i += Vector256<{element}>.Count)"))
                {
                    body(EvaluationMode.Vector);
                }
            }
        }
        using (w.Block($"for (; i < {end}; i++)"))
        {
            body(EvaluationMode.Scalar);
        }
    }
}
