using System;
using System.Collections.Generic;

namespace SpikeLang.Compiler.Emit;

/// <summary>
/// The loop every element kernel (simulator and trainer) is made of: hoisted locals, a Vector256 loop
/// over whole vectors when the body vectorizes and the hardware accelerates it, then a scalar loop
/// over the tail (or over everything), all bodies written by the same callback. A wide loop puts a
/// Vector512 loop first, for machines with AVX-512 (the JIT drops it elsewhere; NativeAOT keeps it
/// only when its instruction set has AVX-512), and the Vector256 loop takes what is left of 16.
/// </summary>
internal static class ElementLoop
{
    /// <param name="start">The first element (an expression).</param>
    /// <param name="end">One past the last element (an expression).</param>
    /// <param name="element">The element type, <c>Real</c> or <c>float</c>.</param>
    /// <param name="scalars">Locals declared before both loops.</param>
    /// <param name="vectors">Locals declared before the vector loop only (broadcasts).</param>
    /// <param name="wide">
    /// Also a Vector512 loop: only for bodies whose lanes are independent (no sum across lanes), so that the
    /// width changes no result; the vector body is written once and its Vector256 calls renamed.
    /// </param>
    public static void Write(CodeWriter w, string start, string end, string element, IEnumerable<string> scalars, IEnumerable<string> vectors,
        bool vectorizable, Action<EvaluationMode> body, bool wide = false)
    {
        foreach (var line in scalars)
        {
            w.Line(line);
        }
        w.Line($"int i = {start};");
        if (vectorizable)
        {
            string loop = w.Capture(() =>
            {
                foreach (var line in vectors)
                {
                    w.Line(line);
                }
                using (w.Block($"for (; i <= {end} - Vector256<{element}>.Count; i += Vector256<{element}>.Count)"))
                {
                    body(EvaluationMode.Vector);
                }
            });
            if (wide)
            {
                using (w.Block("if (Vector512.IsHardwareAccelerated)"))
                {
                    w.Raw(loop.Replace("Vector256", "Vector512"));
                }
            }
            using (w.Block("if (Vector256.IsHardwareAccelerated)"))
            {
                w.Raw(loop);
            }
        }
        using (w.Block($"for (; i < {end}; i++)"))
        {
            body(EvaluationMode.Scalar);
        }
    }
}
