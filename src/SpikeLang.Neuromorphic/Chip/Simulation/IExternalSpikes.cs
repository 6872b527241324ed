using System.Collections.Generic;

namespace SpikeLang.Neuromorphic.Chip;

/// <summary>The host side of a chip run: which neurons of an external population spike at a step.</summary>
public interface IExternalSpikes
{
    /// <summary>Adds to <paramref name="neurons"/> the neurons of <paramref name="population"/> (size <paramref name="size"/>) that spike at <paramref name="step"/>.</summary>
    void Collect(int step, string population, int size, List<int> neurons);
}
